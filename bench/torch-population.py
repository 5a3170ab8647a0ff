"""PyTorch side of bench/population.ts: K LeNet-300-100 members trained in one pass, on one CPU thread.

Usage: /usr/bin/python3 bench/torch-population.py DIR 1,4,8,16  -> prints one JSON line,
{"sgd/K": nets·steps/s, "adam/K": ...}. DIR holds what bench/lenet-setup.ts writes (data, batch order, init).
The members' params are stacked ([K, in, out]); every layer is one bmm over the members on the shared batch,
and one optimizer step updates every member (torch's SGD and Adam are elementwise, like the kit's).
"""
import json
import os
import sys
import time

import numpy as np
import torch


def main(folder: str, sizes_k: str) -> None:
    torch.set_num_threads(1)
    meta = json.load(open(os.path.join(folder, "meta.json")))
    sizes, batch, num_steps = meta["sizes"], meta["batch"], meta["numSteps"]
    X = torch.from_numpy(np.fromfile(os.path.join(folder, "X.f32"), dtype="<f4").reshape(-1, sizes[0]))
    labels = torch.from_numpy(np.fromfile(os.path.join(folder, "labels.i32"), dtype="<i4").astype(np.int64))
    order = torch.from_numpy(np.fromfile(os.path.join(folder, "order.i32"), dtype="<i4").astype(np.int64))
    kernels = [
        torch.from_numpy(np.fromfile(os.path.join(folder, f"kernel{l}.f32"), dtype="<f4").reshape(sizes[l], sizes[l + 1]))
        for l in range(len(sizes) - 1)
    ]
    batches = [(X[order[s * batch:(s + 1) * batch]], labels[order[s * batch:(s + 1) * batch]]) for s in range(num_steps)]
    out = {}
    for kind in ["sgd", "adam"]:
        for K in [int(k) for k in sizes_k.split(",")]:
            Ws = [w.unsqueeze(0).repeat(K, 1, 1).clone().requires_grad_() for w in kernels]
            bs = [torch.zeros(K, 1, w.shape[1], requires_grad=True) for w in kernels]
            params = Ws + bs
            opt = torch.optim.SGD(params, lr=0.1) if kind == "sgd" else torch.optim.Adam(params, lr=1.2e-3)

            def step(xb, yb):
                opt.zero_grad(set_to_none=True)
                h = xb.unsqueeze(0).expand(K, -1, -1)
                for l, (W, b) in enumerate(zip(Ws, bs)):
                    h = torch.baddbmm(b, h, W)
                    if l < len(Ws) - 1:
                        h = torch.relu(h)
                # the sum of the members' mean losses: each member's gradient is its own
                loss = torch.nn.functional.cross_entropy(h.reshape(-1, h.shape[-1]), yb.repeat(K), reduction="sum") / batch
                loss.backward()
                opt.step()

            for xb, yb in batches[:5]:  # warm-up
                step(xb, yb)
            t0 = time.perf_counter()
            for xb, yb in batches[5:]:
                step(xb, yb)
            seconds = time.perf_counter() - t0
            out[f"{kind}/{K}"] = K * (num_steps - 5) / seconds
    out["version"] = torch.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
