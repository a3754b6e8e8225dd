"""torch.utils.data cases: map-style Datasets (custom, TensorDataset, Subset, ConcatDataset,
random_split), DataLoader batching (batch_size, drop_last, len), shuffling under a seed (global
and with a Generator), default collation of tuples, dicts and numbers, samplers and errors."""
from harness.case import case, catch

DATA_API = ("utils.data", "utils.data.DataLoader", "behavior:dataloader_batches")


def _squares(torch):
    class Squares(torch.utils.data.Dataset):
        def __init__(self, n):
            self.n = n

        def __len__(self):
            return self.n

        def __getitem__(self, i):
            return torch.tensor([float(i)]), i * i

    return Squares


@case("data", api=DATA_API + ("utils.data.Dataset", "utils.data.DataLoader.dataset"))
def custom_dataset_batches(torch, rng):
    ds = _squares(torch)(7)
    loader = torch.utils.data.DataLoader(ds, batch_size=3)
    batches = list(loader)
    return {"batches": batches, "len": len(loader), "dataset_is": loader.dataset is ds,
            "batch_type": type(batches[0]).__name__,
            "is_dataset": isinstance(ds, torch.utils.data.Dataset),
            "bs": loader.batch_size, "drop_last": loader.drop_last}


@case("data", api=DATA_API + ("utils.data.DataLoader.dataset",))
def tensor_dataset_drop_last(torch, rng):
    x = torch.tensor(rng.standard_normal((10, 2)).astype("float32"))
    y = torch.arange(10)
    ds = torch.utils.data.TensorDataset(x, y)
    loader = torch.utils.data.DataLoader(ds, batch_size=4, drop_last=True)
    return {"batches": list(loader), "len": len(loader), "item": ds[3], "ds_len": len(ds),
            "tensors": loader.dataset.tensors[1]}


@case("data", api=DATA_API + ("manual_seed",))
def shuffle_order_under_manual_seed(torch, rng):
    ds = torch.utils.data.TensorDataset(torch.arange(10))
    torch.manual_seed(0)
    loader = torch.utils.data.DataLoader(ds, batch_size=4, shuffle=True)
    epoch1 = [b[0] for b in loader]
    epoch2 = [b[0] for b in loader]
    torch.manual_seed(0)
    again = [b[0] for b in loader]
    return {"epoch1": epoch1, "epoch2": epoch2, "again": again}


@case("data", api=DATA_API)
def shuffle_with_generator(torch, rng):
    ds = torch.utils.data.TensorDataset(torch.arange(12) * 10)
    g = torch.Generator()
    g.manual_seed(123)
    loader = torch.utils.data.DataLoader(ds, batch_size=5, shuffle=True, generator=g)
    return {"epoch1": [b[0] for b in loader], "epoch2": [b[0] for b in loader],
            "sampler": type(loader.sampler).__name__}


@case("data", api=DATA_API)
def default_collate_structures(torch, rng):
    items = [{"x": torch.ones(2) * i, "label": i, "w": 0.5 * i, "name": f"s{i}",
              "pair": (i, torch.tensor(i))} for i in range(3)]
    loader = torch.utils.data.DataLoader(items, batch_size=2)
    arrays = torch.utils.data.DataLoader([rng.standard_normal(2).astype("float32")
                                          for _ in range(3)], batch_size=3)
    return {"dicts": list(loader), "numpy": list(arrays),
            "collate": torch.utils.data.default_collate([(1, 2.0), (3, 4.0)])}


@case("data", api=DATA_API)
def batch_size_none_and_collate_fn(torch, rng):
    ds = _squares(torch)(4)
    plain = list(torch.utils.data.DataLoader(ds, batch_size=None))
    custom = list(torch.utils.data.DataLoader(ds, batch_size=2,
                                              collate_fn=lambda b: [s for _, s in b]))
    return {"plain": plain, "custom": custom}


@case("data", api=("utils.data", "utils.data.Dataset"))
def subset_concat_random_split(torch, rng):
    ds = torch.utils.data.TensorDataset(torch.arange(10))
    sub = torch.utils.data.Subset(ds, [1, 3, 5])
    cat = torch.utils.data.ConcatDataset([sub, torch.utils.data.TensorDataset(torch.arange(3))])
    a, b = torch.utils.data.random_split(ds, [7, 3], generator=torch.Generator().manual_seed(4))
    f1, f2 = torch.utils.data.random_split(ds, [0.5, 0.5],
                                           generator=torch.Generator().manual_seed(5))
    return {"sub": [sub[i] for i in range(len(sub))], "cat": [cat[i] for i in range(len(cat))],
            "cat_len": len(cat), "split": [list(a.indices), list(b.indices)],
            "frac": [list(f1.indices), list(f2.indices)], "split_type": type(a).__name__}


@case("data", api=("utils.data",))
def samplers(torch, rng):
    data = list(range(8))
    torch.manual_seed(11)
    rs = list(torch.utils.data.RandomSampler(data))
    rs_repl = list(torch.utils.data.RandomSampler(data, replacement=True, num_samples=5))
    bs = list(torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(data), 3, False))
    return {"random": rs, "replacement": rs_repl, "batch": bs,
            "seq": list(torch.utils.data.SequentialSampler(data))}


@case("data", api=("utils.data.DataLoader",))
def dataloader_errors(torch, rng):
    ds = torch.utils.data.TensorDataset(torch.arange(4))
    DL = torch.utils.data.DataLoader
    return {"shuffle_and_sampler": catch(DL, ds, shuffle=True,
                                         sampler=torch.utils.data.SequentialSampler(ds)),
            "bs0": catch(DL, ds, batch_size=0),
            "drop_last_none": catch(DL, ds, batch_size=None, drop_last=True),
            "mismatch": catch(torch.utils.data.TensorDataset, torch.ones(3), torch.ones(4)),
            "split": catch(torch.utils.data.random_split, ds, [2, 3]),
            "collate": catch(lambda: list(DL([torch.ones(2), torch.ones(3)], batch_size=2)))}


@case("data", api=DATA_API)
def training_loop_over_loader(torch, rng):
    torch.manual_seed(12)
    x = torch.tensor(rng.standard_normal((9, 3)).astype("float32"))
    y = torch.tensor(rng.integers(0, 2, 9))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=4,
                                         shuffle=True)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for xb, yb in loader:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return {"losses": losses, "w": model.weight}
