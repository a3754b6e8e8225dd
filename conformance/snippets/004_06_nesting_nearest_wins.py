# Seed snippet: article 004 "How does pytorch prohibit / allow the operation of calculating local gradients"
# (seeds/004_bb2a0e8f5a42a110.txt, a machine-translated page),
# section "summary" (nesting: the nearest setting wins). Not a `>>>` transcript: two cells with
# print() calls, so nothing is wrapped. Line breaks and indentation restored; the page capitalised
# "X = ..." and "Z = ..." at sentence starts, restored to x and z (the names used elsewhere).
# The article shows the printed values as "Out[20]: False" and "Out[21]: False" (kept as comments).
# --- preamble (not in the article): context this fragment needs ---
import torch
# --- end preamble ---
x = torch.tensor([1.], requires_grad=True)
with torch.enable_grad():
    torch.set_grad_enabled(False)
    y = x * 2
    print(y.requires_grad)
# article: Out[20]: False
torch.set_grad_enabled(True)
with torch.no_grad():
    z = x * 2
    print(z.requires_grad)
# article: Out[21]: False
