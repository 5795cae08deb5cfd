"""Writes ResNet-50 weights (torchvision's random initialisation, seed 0: nothing is downloaded)
as weights.safetensors and weights.pt into the folder given, for server.py to load."""
import os
import sys

import torch
import torchvision
from safetensors.torch import save_file

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
state = {k: v.contiguous() for k, v in torchvision.models.resnet50().state_dict().items()}
save_file(state, os.path.join(out, "weights.safetensors"))
torch.save(state, os.path.join(out, "weights.pt"))
print(f"weights: {sum(v.numel() for v in state.values())} values in {out}")
