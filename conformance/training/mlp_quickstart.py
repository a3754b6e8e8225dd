"""The "Learn the Basics" quickstart shape on synthetic data: an MLP classifier trained for 200
steps with nn.Sequential, CrossEntropyLoss, SGD and a shuffling DataLoader, then evaluated under
torch.no_grad(). Runs unchanged under real torch and under `python -m minitorch_compat`."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)

# synthetic data: 4 Gaussian blobs in 20 dimensions
n_per_class, n_features, n_classes = 64, 20, 4
centers = torch.randn(n_classes, n_features) * 0.4
X = torch.cat([centers[c] + torch.randn(n_per_class, n_features) for c in range(n_classes)])
y = torch.arange(n_classes).repeat_interleave(n_per_class)
train = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
test = DataLoader(TensorDataset(X, y), batch_size=64)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(n_features, 64),
    nn.ReLU(),
    nn.Linear(64, 64),
    nn.ReLU(),
    nn.Linear(64, n_classes),
)
print(model)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)

step = 0
while step < 200:
    model.train()
    for xb, yb in train:
        pred = model(xb)
        loss = loss_fn(pred, yb)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        step += 1
        if step % 20 == 0:
            print(f"step {step:3d}  loss {loss.item():.6f}")
        if step == 200:
            break

model.eval()
correct, total_loss = 0, 0.0
with torch.no_grad():
    for xb, yb in test:
        pred = model(xb)
        total_loss += loss_fn(pred, yb).item()
        correct += (pred.argmax(1) == yb).type(torch.float).sum().item()
print(f"accuracy {correct / len(X):.4f}  avg loss {total_loss / len(test):.6f}")
