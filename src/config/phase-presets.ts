// Phase rules for servers whose logs cannot be changed, written from the lines they document.
//
// Triton logs through its own glog-style logger: `I1201 12:34:56.789012 1 http_server.cc:4725]
// Started HTTPService at 0.0.0.0:8000` (level letter, MMDD, time with microseconds, thread id,
// source file:line, `]`; recent releases quote the message: `] "Started HTTPService ..."`). Its stamps carry microseconds, so the rules take the line's own time
// (`ts`); with `--log-format ISO8601` the prefix is whole seconds and the rules fall back to the
// arrival time (the optional group stays empty). Model lines: `loading: <name>:<version>` when a
// load begins, `successfully loaded '<name>'` (older releases add ` version <n>`) when it ends;
// with several models these mark the first one (write your own rule naming the last).
//
// vLLM logs `INFO 12-01 12:34:56 [api_server.py:1090] Starting vLLM API server 0 on http://...`
// (older releases: no `[...]` around the file, no server index; with several processes a
// `(APIServer pid=1) ` or `(EngineCore_0 pid=2) ` prefix). Its stamps are whole seconds, coarser
// than the arrival time, so these rules use arrival. uvicorn, which serves vLLM's API, prints
// `INFO:     Application startup complete.` and `INFO:     Uvicorn running on http://...`.
import type { PhaseRule } from './phases.ts';

const GLOG = String.raw`^(?:[IWEF](?<ts>\d{4} \d\d:\d\d:\d\d\.\d{6}) )?.*?`;

export const PHASE_PRESETS: Record<string, Omit<PhaseRule, 'preset'>[]> = {
  triton: [
    { label: 'model loading', pattern: String.raw`${GLOG}\] "?loading: \S+:\d+` },
    { label: 'model loaded', pattern: `${GLOG}successfully loaded '` },
    { label: 'grpc started', pattern: `${GLOG}Started GRPCInferenceService at ` },
    { label: 'http started', pattern: `${GLOG}Started HTTPService at ` },
    { label: 'metrics started', pattern: `${GLOG}Started Metrics Service at ` },
  ],
  vllm: [
    { label: 'api server version', pattern: String.raw`vLLM API server version \S` },
    // Older releases: "Loading model weights took 13.5 GB"; V1 engine: "Loading weights took 1.27 seconds".
    { label: 'weights loaded', pattern: String.raw`Loading (?:model )?weights took \d` },
    { label: 'model loaded', pattern: String.raw`Model loading took \d` },
    { label: 'engine initialized', pattern: String.raw`init engine \(profile, create kv cache, warmup model\) took \d` },
    { label: 'api server starting', pattern: String.raw`Starting vLLM API server (?:\d+ )?on ` },
    { label: 'app startup complete', pattern: String.raw`Application startup complete` },
    { label: 'uvicorn listening', pattern: String.raw`Uvicorn running on ` },
  ],
};
