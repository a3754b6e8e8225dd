# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "2. grad_fn,grad".
# The article shows:
#   x_true.grad=tensor([4., 4., 4., 4., 4.])
#   x_true.grad_fn=None
#   y_true.grad_fn=<MulBackward0 object at 0x00000180E0DF3550>
#   z_true.grad_fn=<AddBackward0 object at 0x00000180E0DF3550>
# --- preamble (not in the article): context this fragment needs ---
# (the article imported torch in the code blocks of section 1)
import torch
# --- end preamble ---
x_true = torch.ones(5, requires_grad=True)
y_true = 2 * torch.dot(x_true, x_true)
z_true = y_true + 6
z_true.backward()
print(f"x_true.grad={x_true.grad}")
print(f"x_true.grad_fn={x_true.grad_fn}")
print(f"y_true.grad_fn={y_true.grad_fn}")
print(f"z_true.grad_fn={z_true.grad_fn}")
