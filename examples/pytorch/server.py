"""A real PyTorch inference server for startup-sla: ResNet-50 from torchvision, on the GPU.

Each start-up phase prints one stamped line, `<unix seconds>.<ms>: <label>`, which startup-sla
reads from the log (the same format as the CUDA example). The port opens only after a warm-up
inference, so `GET /health` answering 200 means the first real request will be fast.

Environment:
  WEIGHTS_LOAD  safetensors (default: safetensors.torch.load_file, memory-mapped, straight to
                the GPU) | torch-load (torch.load of a pickled state dict: read whole, then
                copied) | random-init (no weights file: torchvision's random initialisation on
                the CPU, the slow path people fall into)
  WEIGHTS_DIR   folder with weights.safetensors and weights.pt (default /weights)
  SITE_PACKAGES extra site-packages folders (':'-separated), e.g. a virtual environment's
  BATCH         warm-up and /infer batch size (default 8)
  PORT          HTTP port (default 8000)
"""
import os
import signal
import site
import sys
import time


def stamp(label: str) -> None:
    print(f"{time.time():.3f}: {label}", flush=True)


stamp("interpreter started")
# PID 1 gets no default signal handlers: exit at once when the container is stopped.
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
signal.signal(signal.SIGINT, lambda *_: os._exit(0))
# A virtual environment's packages without its interpreter (the image runs /usr/bin/python3):
# addsitedir also reads the .pth files there, as the venv's own interpreter would.
for d in filter(None, os.environ.get("SITE_PACKAGES", "").split(":")):
    site.addsitedir(d)

import json  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

import torch  # noqa: E402

stamp(f"torch imported ({torch.__version__})")
import torchvision  # noqa: E402

stamp("torchvision imported")

if not torch.cuda.is_available():
    print("error: CUDA is not available in this container", file=sys.stderr, flush=True)
    sys.exit(1)
dev = torch.device("cuda")
torch.empty(1, device=dev)
torch.cuda.synchronize()
stamp(f"cuda context ({torch.cuda.get_device_name(0)})")

# The first matmul loads cuBLAS and the first convolution loads cuDNN: the "CUDA/cuDNN
# libraries" row of the hot-start breakdown, measured on their own.
a = torch.randn(256, 256, device=dev)
(a @ a).sum().item()
stamp("cublas ready")
x = torch.randn(1, 3, 32, 32, device=dev)
w = torch.randn(8, 3, 3, 3, device=dev)
torch.nn.functional.conv2d(x, w).sum().item()
stamp(f"cudnn ready (cuDNN {torch.backends.cudnn.version()})")

mode = os.environ.get("WEIGHTS_LOAD", "safetensors")
wdir = os.environ.get("WEIGHTS_DIR", "/weights")
if mode == "random-init":
    model = torchvision.models.resnet50().to(dev)
    stamp("weights loaded (random init)")
else:
    # The module is made on the meta device (no random init, no memory), then the loaded
    # tensors are assigned to it: loading is the only cost counted in this phase.
    with torch.device("meta"):
        model = torchvision.models.resnet50()
    if mode == "safetensors":
        from safetensors.torch import load_file

        path = os.path.join(wdir, "weights.safetensors")
        state = load_file(path, device="cuda")
    elif mode == "torch-load":
        path = os.path.join(wdir, "weights.pt")
        state = torch.load(path, map_location=dev, weights_only=True)
    else:
        print(f"error: WEIGHTS_LOAD={mode!r}: expected safetensors, torch-load or random-init", file=sys.stderr, flush=True)
        sys.exit(2)
    model.load_state_dict(state, assign=True)
    stamp(f"weights loaded ({mode}, {os.path.getsize(path) >> 20} MB)")
model.eval()

batch = int(os.environ.get("BATCH", "8"))
with torch.inference_mode():
    model(torch.randn(batch, 3, 224, 224, device=dev)).argmax(1).tolist()
torch.cuda.synchronize()
stamp(f"warm-up inference (batch {batch})")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        elif self.path == "/infer":
            with torch.inference_mode():
                top = model(torch.randn(batch, 3, 224, 224, device=dev)).argmax(1).tolist()
            self.reply(200, {"top1": top})
        else:
            self.reply(404, {"error": "not found"})

    def reply(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args) -> None:
        # Probes every few ms would flood the log the action reads.
        pass


server = ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler)
stamp("listening")
server.serve_forever()
