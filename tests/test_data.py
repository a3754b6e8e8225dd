"""torch.utils.data: shuffles, splits, samplers, collation, DataLoader options and the
in-process workers, against values recorded from torch 2.13.0 (literals below; the recording
script ran this same code with ``import torch``)."""
import collections
import random
import warnings

import numpy as np
import pytest

import minitorch_compat as torch
from minitorch_compat.utils import data as U

# recorded from torch 2.13.0 by running the same code (see each test) with `import torch`
REC = {'shuffle10': [[6, 7, 1], [4, 2, 0], [9, 8, 3], [5]],
       'shuffle1000': [[226, 331, 747], [309, 589, 626], [71, 647, 48], [662, 961, 909],
                       [238, 671, 491]],
       'shuffle7': [[0, 4, 1], [5, 2, 6], [3]],
       'after10': [0.30742281675338745, 0.6340786814689636],
       'two_epochs': [[[6, 2, 0, 1], [8, 3, 5, 4], [7, 9]], [[3, 4, 0, 9], [6, 7, 1, 2], [5, 8]]],
       'gen': [[6, 5, 4, 0, 8], [9, 2, 1, 3, 7]],
       'split': [[5, 6, 1], [2, 0, 8, 9, 3, 7, 4]],
       'split_frac': [[9, 5, 0, 8, 10, 2], [3, 6, 7], [1, 4]],
       'rs_repl': [3, 2, 2, 5, 3, 0, 2, 3, 6, 3, 3, 6, 4, 6, 6, 3, 1, 6, 2, 4, 2, 6, 4, 6, 2, 6,
                   6, 4, 4, 3, 6, 0, 0, 5, 6, 5, 3, 0, 4, 0],
       'rs_num': [5, 2, 3, 4, 0, 6, 1, 2, 3, 4, 6, 1, 5, 0, 3, 4, 2],
       'subset_rs': [6, 8, 7, 5],
       'wrs': [0, 1, 1, 1, 1, 1, 1, 2, 1, 1],
       'bs': [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9], [0, 1, 2], [3, 4, 5], [6, 7, 8]],
       'collate': [('T', 'torch.float32', (2, 2), [[1.0, 2.0], [3.0, 4.0]]),
                   ('T', 'torch.int64', (3,), [1, 2, 3]),
                   ('T', 'torch.float64', (2,), [1.5, 2.5]),
                   ('T', 'torch.bool', (2,), [True, False]),
                   ('T', 'torch.float32', (2,), [1.0, 2.0]),
                   ('T', 'torch.int32', (2, 2), [[1, 2], [3, 4]]),
                   ('list',
                    [('T', 'torch.int64', (2,), [1, 2]),
                     ('tuple', [('str', 'a'), ('str', 'b')])]),
                   {'x': ('T', 'torch.int64', (2,), [1, 2]),
                    'y': ('list',
                          [('T', 'torch.float64', (2,), [1.0, 3.0]),
                           ('T', 'torch.float64', (2,), [2.0, 4.0])])},
                   ('Pt',
                    [('T', 'torch.int64', (2,), [1, 3]),
                     ('T', 'torch.float64', (2,), [2.0, 4.0])]),
                   ('list',
                    [('T', 'torch.int64', (2,), [1, 3]), ('T', 'torch.int64', (2,), [2, 4])]),
                   ('list', [('str', 'a'), ('str', 'b')]), ('T', 'torch.int64', (2,), [3, 4])],
       'errs': [('AssertionError', 'Size mismatch between tensors'),
                ('TypeError',
                 'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or '
                 "lists; found <class 'object'>"),
                ('RuntimeError', 'each element in list of batch should be of equal size'),
                ('ValueError', 'sampler option is mutually exclusive with shuffle'),
                ('ValueError',
                 'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, '
                 'and drop_last'),
                ('ValueError',
                 'Sum of input lengths does not equal the length of the input dataset!'),
                ('ValueError',
                 'num_workers option should be non-negative; use num_workers=0 to disable '
                 'multiprocessing.'),
                ('ValueError',
                 'batch_size should be a positive integer value, but got batch_size=0'),
                ('ValueError',
                 'num_samples should be a positive integer value, but got num_samples=0'),
                ('ValueError',
                 'prefetch_factor option could only be specified in multiprocessing.let '
                 'num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to '
                 'None.'),
                ('ValueError',
                 'batch_size=None option disables auto-batching and is mutually exclusive with '
                 'drop_last')],
       'lens': [4, 3, 3, 10],
       'tds': [('list',
                [('T', 'torch.float32', (2, 2), [[0.0, 1.0], [2.0, 3.0]]),
                 ('T', 'torch.int64', (2,), [0, 1])]),
               ('list',
                [('T', 'torch.float32', (2, 2), [[4.0, 5.0], [6.0, 7.0]]),
                 ('T', 'torch.int64', (2,), [2, 3])]),
               ('list',
                [('T', 'torch.float32', (1, 2), [[8.0, 9.0]]), ('T', 'torch.int64', (1,), [4])])],
       'none_bs': [('list',
                    [('T', 'torch.float32', (2,), [0.0, 1.0]), ('T', 'torch.int64', (), 0)]),
                   ('list',
                    [('T', 'torch.float32', (2,), [2.0, 3.0]), ('T', 'torch.int64', (), 1)])],
       'concat': [7, 1, 5],
       'workers2': [('list',
                     [('T', 'torch.int64', (3,), [7, 0, 3]),
                      ('T', 'torch.float64', (3,),
                       [0.11662513017654419, 0.13414353132247925, 0.8065624833106995]),
                      ('T', 'torch.float64', (3,),
                       [0.9290632898373887, 0.10243784940911504, 0.9564378639795085]),
                      ('T', 'torch.float64', (3,),
                       [0.03541536592796235, 0.2915959425421556, 0.0032923327488271203]),
                      ('T', 'torch.int64', (3,), [0, 0, 0])]),
                    ('list',
                     [('T', 'torch.int64', (3,), [1, 6, 2]),
                      ('T', 'torch.float64', (3,),
                       [0.3148404359817505, 0.28084486722946167, 0.8679258823394775]),
                      ('T', 'torch.float64', (3,),
                       [0.5574193789609411, 0.46183154346070987, 0.6129900334662611]),
                      ('T', 'torch.float64', (3,),
                       [0.240715442815568, 0.9137194064224758, 0.9635506602803439]),
                      ('T', 'torch.int64', (3,), [1, 1, 1])]),
                    ('list',
                     [('T', 'torch.int64', (2,), [5, 4]),
                      ('T', 'torch.float64', (2,), [0.8374578356742859, 0.7192292213439941]),
                      ('T', 'torch.float64', (2,), [0.9106535134579931, 0.6761213961444736]),
                      ('T', 'torch.float64', (2,), [0.7609564217580039, 0.8198296887236293]),
                      ('T', 'torch.int64', (2,), [0, 0])])],
       'workers_after2': [0.23276156187057495],
       'workers3': [('list',
                     [('T', 'torch.int64', (3,), [7, 0, 3]),
                      ('T', 'torch.float64', (3,),
                       [0.11662513017654419, 0.13414353132247925, 0.8065624833106995]),
                      ('T', 'torch.float64', (3,),
                       [0.9290632898373887, 0.10243784940911504, 0.9564378639795085]),
                      ('T', 'torch.float64', (3,),
                       [0.03541536592796235, 0.2915959425421556, 0.0032923327488271203]),
                      ('T', 'torch.int64', (3,), [0, 0, 0])]),
                    ('list',
                     [('T', 'torch.int64', (3,), [1, 6, 2]),
                      ('T', 'torch.float64', (3,),
                       [0.3148404359817505, 0.28084486722946167, 0.8679258823394775]),
                      ('T', 'torch.float64', (3,),
                       [0.5574193789609411, 0.46183154346070987, 0.6129900334662611]),
                      ('T', 'torch.float64', (3,),
                       [0.240715442815568, 0.9137194064224758, 0.9635506602803439]),
                      ('T', 'torch.int64', (3,), [1, 1, 1])]),
                    ('list',
                     [('T', 'torch.int64', (2,), [5, 4]),
                      ('T', 'torch.float64', (2,), [0.7120804786682129, 0.2098100185394287]),
                      ('T', 'torch.float64', (2,), [0.9831027945925089, 0.8819740534710627]),
                      ('T', 'torch.float64', (2,), [0.3850741869757539, 0.9737102933265968]),
                      ('T', 'torch.int64', (2,), [2, 2])])],
       'workers_after3': [0.23276156187057495],
       'workers_after0': [0.28683900833129883],
       'iter0': [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10]],
       'iter2': [[0, 2], [1, 3], [4, 6], [5, 7], [8, 10], [9]],
       'iter3': [[0, 3], [1, 4], [2, 5], [6, 9], [7, 10], [8]],
       'iterdup0': [[0, 1], [2]],
       'iterdup2': [[0, 2], [1]],
       'iterdup3': [[0], [1], [2]],
       'warns': [('UserWarning',
                  "'pin_memory' argument is set as true but no accelerator is found, then device "
                  "pinned memory won't be used.")]}


def _desc(x):
    if isinstance(x, torch.Tensor):
        return ("T", str(x.dtype), tuple(x.shape), x.tolist())
    if isinstance(x, dict):
        return {k: _desc(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_desc(v) for v in x])
    return (type(x).__name__, x)


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return (type(e).__name__, str(e))
    return None


@pytest.mark.parametrize("n", [10, 1000, 7])
def test_shuffle_order_matches_torch(n):
    torch.manual_seed(0)
    batches = [b.tolist() for b in U.DataLoader(list(range(n)), batch_size=3, shuffle=True)]
    assert batches[:5] == REC[f"shuffle{n}"]
    # the loader drew exactly what torch's draws from the default generator
    assert torch.rand(2).tolist() == REC["after10"]


def test_epochs_and_generators():
    torch.manual_seed(3)
    dl = U.DataLoader(range(10), batch_size=4, shuffle=True)
    assert [[b.tolist() for b in dl] for _ in range(2)] == REC["two_epochs"]
    g = torch.Generator().manual_seed(42)
    assert [b.tolist() for b in U.DataLoader(range(10), batch_size=5, shuffle=True,
                                             generator=g)] == REC["gen"]


def test_random_split():
    torch.manual_seed(1)
    assert [list(s.indices) for s in U.random_split(range(10), [3, 7])] == REC["split"]
    splits = U.random_split(range(11), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(5))
    assert [list(s.indices) for s in splits] == REC["split_frac"]
    assert isinstance(splits[0], U.Subset) and len(splits[0]) == 6


def test_samplers():
    torch.manual_seed(2)
    assert list(U.RandomSampler(range(7), replacement=True, num_samples=40)) == REC["rs_repl"]
    assert list(U.RandomSampler(range(7), num_samples=17)) == REC["rs_num"]
    assert list(U.SubsetRandomSampler([5, 6, 7, 8],
                                      generator=torch.Generator().manual_seed(1))) == \
        REC["subset_rs"]
    assert list(U.WeightedRandomSampler([0.1, 0.5, 0.2, 0.2], 10,
                                        generator=torch.Generator().manual_seed(1))) == REC["wrs"]
    assert list(U.BatchSampler(range(10), 3, False)) + list(U.BatchSampler(range(10), 3, True)) \
        == REC["bs"]
    assert list(U.SequentialSampler(range(3))) == [0, 1, 2]


Pt = collections.namedtuple("Pt", "x y")


def test_default_collate():
    c = U.default_collate
    batches = [
        [torch.tensor([1., 2.]), torch.tensor([3., 4.])], [1, 2, 3], [1.5, 2.5], [True, False],
        [np.float32(1), np.float32(2)],
        [np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)],
        [(1, "a"), (2, "b")], [{"x": 1, "y": [1.0, 2.0]}, {"x": 2, "y": [3.0, 4.0]}],
        [Pt(1, 2.0), Pt(3, 4.0)], [[1, 2], [3, 4]], ["a", "b"], [np.int64(3), np.int64(4)],
    ]
    assert [_desc(c(b)) for b in batches] == REC["collate"]
    assert type(c([Pt(1, 2.0)])) is Pt


def test_errors():
    c = U.default_collate
    got = [
        _err(lambda: U.TensorDataset(torch.zeros(3), torch.zeros(4))),
        _err(lambda: c([object()])), _err(lambda: c([[1, 2], [1]])),
        _err(lambda: U.DataLoader(range(3), sampler=[0], shuffle=True)),
        _err(lambda: U.DataLoader(range(3), batch_sampler=[[0]], batch_size=2)),
        _err(lambda: U.random_split(range(3), [1, 1])),
        _err(lambda: U.DataLoader(range(3), num_workers=-1)),
        _err(lambda: U.BatchSampler(range(3), 0, False)),
        _err(lambda: U.RandomSampler(range(3), num_samples=0)),
        _err(lambda: U.DataLoader(range(3), prefetch_factor=2)),
        _err(lambda: U.DataLoader(range(3), batch_size=None, drop_last=True)),
    ]
    assert got == REC["errs"]
    dl = U.DataLoader(range(3))
    with pytest.raises(ValueError, match="batch_size attribute should not be set after "
                                         "DataLoader is initialized"):
        dl.batch_size = 2


def test_loader_lengths_and_tensor_dataset():
    dl = U.DataLoader(range(10), batch_size=3)
    assert [len(dl), len(U.DataLoader(range(10), batch_size=3, drop_last=True)), dl.batch_size,
            len(U.DataLoader(range(10), batch_size=None))] == REC["lens"]
    assert dl.dataset == range(10)
    ds = U.TensorDataset(torch.arange(10.).reshape(5, 2), torch.arange(5))
    assert [_desc(b) for b in U.DataLoader(ds, batch_size=2)] == REC["tds"]
    assert [_desc(b) for b in U.DataLoader(ds, batch_size=None)][:2] == REC["none_bs"]
    assert [len(U.ConcatDataset([range(3), range(4)])), U.ConcatDataset([range(3), range(4)])[4],
            U.Subset(range(10), [2, 5])[1]] == REC["concat"]
    assert len(ds + ds) == 10


class RandDS(U.Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        wi = U.get_worker_info()
        return (i, torch.rand(1).item(), random.random(), float(np.random.rand()),
                -1 if wi is None else wi.id)


@pytest.mark.parametrize("nw", [2, 3])
def test_workers_in_process_match_torch(nw):
    # each batch comes from its torch worker, with that worker's seeded torch/random/NumPy
    # streams; the main process's generator advances exactly as torch's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "suggested max number of worker" depends on the CPU
        torch.manual_seed(7)
        batches = [_desc(b) for b in U.DataLoader(RandDS(), batch_size=3, num_workers=nw,
                                                  shuffle=True)]
    assert batches == REC[f"workers{nw}"]
    assert torch.rand(1).tolist() == REC[f"workers_after{nw}"]
    assert U.get_worker_info() is None


def test_main_process_rng_after_loading():
    torch.manual_seed(7)
    list(U.DataLoader(RandDS(), batch_size=3, shuffle=True))
    assert torch.rand(1).tolist() == REC["workers_after0"]


class It(U.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        wi = U.get_worker_info()
        if wi is None:
            return iter(range(self.n))
        return iter(range(wi.id, self.n, wi.num_workers))


@pytest.mark.parametrize("nw", [0, 2, 3])
def test_iterable_dataset_with_workers(nw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert [b.tolist() for b in U.DataLoader(It(11), batch_size=2, num_workers=nw)] == \
            REC[f"iter{nw}"]
        assert [b.tolist() for b in U.DataLoader(U.ChainDataset([It(3)]), batch_size=2,
                                                 num_workers=nw)] == REC[f"iterdup{nw}"]


def test_iterable_dataset_rejects_shuffle():
    with pytest.raises(ValueError, match="expected unspecified shuffle option, but got "
                                         "shuffle=True"):
        U.DataLoader(It(3), shuffle=True)


def test_worker_init_fn_and_persistent_workers():
    seen = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dl = U.DataLoader(range(6), batch_size=2, num_workers=2, persistent_workers=True,
                          worker_init_fn=lambda wid: seen.append(
                              (wid, U.get_worker_info().seed - U.get_worker_info().id)))
        first = [b.tolist() for b in dl]
        second = [b.tolist() for b in dl]
    assert first == second == [[0, 1], [2, 3], [4, 5]]
    assert [w for w, _ in seen] == [0, 1] and seen[0][1] == seen[1][1]  # one base seed


def test_pin_memory_warning():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        list(U.DataLoader(range(3), pin_memory=True))
    assert [(x.category.__name__, str(x.message)) for x in w] == REC["warns"]


def test_generic_subscripts():
    assert U.Dataset[int] is not None and U.DataLoader[int] is not None
