# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "1. requires_grad", (2) requires_grad=False.
# The article shows: RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn
# (the script ends with that uncaught exception).
import torch
from torch import nn

x_false = torch.ones(5, requires_grad=False)
y_false = 2 * torch.dot(x_false, x_false)
y_false.backward()
print(f"x_false.grad={x_false.grad}")
