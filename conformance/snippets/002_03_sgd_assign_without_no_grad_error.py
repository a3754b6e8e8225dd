# Seed snippet: article 002 (untitled in the scrape: with torch.no_grad() and in-place operations;
# seeds/002_a40216782b5123ff.txt),
# section "不使用 with torch.no_grad() 进行赋值操作". Indentation restored.
# The article shows: False, then AttributeError: 'NoneType' object has no attribute 'zero_'
# (the script ends with that uncaught exception).
# --- preamble (not in the article): context this fragment needs ---
# The article's `params`, `lr` and `batch_size` come from a training loop it does not show:
# two leaf parameters (weight and bias) whose .grad has been filled by one backward pass.
import torch

w = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([0.5], requires_grad=True)
loss = (w * w).sum() + b.sum()
loss.backward()
params = [w, b]
lr = 0.1
batch_size = 2
# --- end preamble ---
for param in params:
    param = param - lr * param.grad / batch_size
    print(param.is_leaf) # False
    param.grad.zero_() # 清空当前梯度
