import type { ProgressInfo, ProgressSink } from "../../lib/train/progress";

/** A progress sink that records every report (`done`'s too) and counts `done` calls. */
export function recorder(): ProgressSink & { infos: ProgressInfo[]; dones: number } {
  const sink = {
    infos: [] as ProgressInfo[],
    dones: 0,
    update: (info: ProgressInfo) => void sink.infos.push(info),
    done: (info?: ProgressInfo) => {
      if (info) sink.infos.push(info);
      sink.dones++;
    },
  };
  return sink;
}
