"""PyTorch side of `npm run bench`: LeNet-300-100 on the batches and init written by bench/lenet-setup.ts.

Usage: /usr/bin/python3 bench/torch-lenet.py DIR  -> prints one JSON line. Runs on 1 CPU thread.
"""
import json
import os
import sys
import time

import numpy as np
import torch


def main(folder: str) -> None:
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(folder, "meta.json")))
    sizes, batch, lr, num_steps = meta["sizes"], meta["batch"], meta["lr"], meta["numSteps"]
    X = torch.from_numpy(np.fromfile(os.path.join(folder, "X.f32"), dtype="<f4").reshape(-1, sizes[0]))
    labels = torch.from_numpy(np.fromfile(os.path.join(folder, "labels.i32"), dtype="<i4").astype(np.int64))
    order = torch.from_numpy(np.fromfile(os.path.join(folder, "order.i32"), dtype="<i4").astype(np.int64))
    layers = []
    for l in range(len(sizes) - 1):
        layer = torch.nn.Linear(sizes[l], sizes[l + 1])
        kernel = np.fromfile(os.path.join(folder, f"kernel{l}.f32"), dtype="<f4").reshape(sizes[l], sizes[l + 1])
        with torch.no_grad():
            layer.weight.copy_(torch.from_numpy(kernel.T.copy()))  # torch stores [out, in]
            layer.bias.zero_()
        layers += [layer, torch.nn.ReLU()] if l < len(sizes) - 2 else [layer]
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [(X[order[s * batch:(s + 1) * batch]], labels[order[s * batch:(s + 1) * batch]]) for s in range(num_steps)]

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    first = step(*batches[0]).item()
    for xb, yb in batches[1:21]:  # warm-up
        step(xb, yb)
    t0 = time.perf_counter()
    for xb, yb in batches[21:]:
        last = step(xb, yb)
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "backend": "pytorch",
        "version": torch.__version__,
        "numSteps": num_steps - 21,
        "stepsPerSecond": (num_steps - 21) / seconds,
        "firstLoss": first,
        "lastLoss": last.item(),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
