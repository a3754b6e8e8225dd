# Seed snippet: article 001 "pytorch 梯度相关知识点" (seeds/001_90af27de12e44f65.txt),
# section "3. with torch.no_grad()" (the block indents with tabs, as in the article).
# The article shows: y.requires_grad=False and z.requires_grad=False (in its comments).
# --- preamble (not in the article): context this fragment needs ---
# (the article imported torch in the code blocks of section 1)
import torch
# --- end preamble ---
# 定义一个张量x
x = torch.tensor([1.0], requires_grad=True)

# 用with torch.no_grad()防止计算梯度
with torch.no_grad():
	y = x * 2

print(f"y.requires_grad={y.requires_grad}")
#输出结果: y.requires_grad=False
# 用@torch.no_grad()

@torch.no_grad()
def doubler(x):
	return x * 2


z = doubler(x)
print(f"z.requires_grad={z.requires_grad}")
# z.requires_grad=False
