# Seed snippet: article 000 "Python之torch.no_grad()函数使用和示例" (seeds/000_9977f85be6cbd4b1.txt),
# section "@torch.no_grad()", the first fragment ("model.eval() with torch.no_grad(): ...").
# Line breaks restored; the article's literal `...` is kept (valid Python). Prints nothing.
# --- preamble (not in the article): context this fragment needs ---
import torch
from torch import nn

model = nn.Linear(3, 2)
# --- end preamble ---
model.eval()
with torch.no_grad():
    ...
