# Seed snippet: article 000 "Python之torch.no_grad()函数使用和示例" (seeds/000_9977f85be6cbd4b1.txt),
# section "@torch.no_grad()", the second fragment ("等价于" / "is equivalent to":
# "@torch.no_grad() def eval(): ..."). Line breaks restored; the literal `...` is kept. Prints nothing.
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
@torch.no_grad()
def eval():
    ...
