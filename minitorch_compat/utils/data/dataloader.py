"""torch.utils.data.DataLoader: batching, shuffling and collation as torch does them.

``num_workers > 0`` runs in this process (no subprocesses): each batch is fetched inside the
context its torch worker would have (worker ``i % num_workers``, round-robin over the workers
that are still active for iterable datasets), with that worker's own ``torch``, ``random`` and
NumPy global RNG states seeded as torch seeds its workers (``base_seed + worker_id``), and
``get_worker_info()`` set. Batches, their order, and the random numbers drawn by datasets
therefore match torch; only the parallelism is missing."""
import math
import os
import random as _py_random
import warnings
from typing import Generic, TypeVar

import numpy as np

from ... import _dtype as D
from ... import random as _random
from ..._creation import empty
from . import _collate
from .dataset import IterableDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "get_worker_info", "default_collate", "default_convert", "WorkerInfo"]

default_collate = _collate.default_collate
default_convert = _collate.default_convert

_T_co = TypeVar("_T_co", covariant=True)


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a (simulated) worker."""

    __slots__ = ("id", "num_workers", "seed", "dataset", "rng", "worker_method")
    __module__ = "torch.utils.data._utils.worker"

    def __init__(self, id, num_workers, seed, dataset, rng=None,  # noqa: A002
                 worker_method="multiprocessing"):
        for name, value in (("id", id), ("num_workers", num_workers), ("seed", seed),
                            ("dataset", dataset), ("rng", rng),
                            ("worker_method", worker_method)):
            object.__setattr__(self, name, value)

    def __setattr__(self, key, val):
        raise RuntimeError(f"Cannot assign attributes to {self.__class__.__name__} objects")

    def __repr__(self):
        return (f"WorkerInfo(id={self.id}, num_workers={self.num_workers}, seed={self.seed}, "
                f"dataset={self.dataset!r}, rng={self.rng!r}, "
                f"worker_method={self.worker_method!r})")


_worker_info = None


def get_worker_info():
    """The WorkerInfo of the worker fetching the current batch, or None in the main process."""
    return _worker_info


def _generate_state(base_seed, worker_id):
    # torch's NumPy seed for a worker: a SeedSequence-like hash of (worker_id, base_seed)
    INIT_A, MULT_A = 0x43B0D7E5, 0x931E8875  # noqa: N806
    INIT_B, MULT_B = 0x8B51F9DD, 0x58F38DED  # noqa: N806
    MIX_MULT_L, MIX_MULT_R = 0xCA01F9DD, 0x4973F715  # noqa: N806
    XSHIFT, MASK32 = 16, 0xFFFFFFFF  # noqa: N806
    entropy = [worker_id, base_seed & MASK32, base_seed >> 32, 0]
    pool = [0] * 4
    hash_const_a = INIT_A

    def hash_(value):
        nonlocal hash_const_a
        value = (value ^ hash_const_a) & MASK32
        hash_const_a = (hash_const_a * MULT_A) & MASK32
        value = (value * hash_const_a) & MASK32
        return (value ^ (value >> XSHIFT)) & MASK32

    def mix(x, y):
        result = ((MIX_MULT_L * x) & MASK32) - ((MIX_MULT_R * y) & MASK32)
        result &= MASK32
        return (result ^ (result >> XSHIFT)) & MASK32

    for i in range(4):
        pool[i] = hash_(entropy[i])
    for i_src in range(4):
        for i_dst in range(4):
            if i_src != i_dst:
                pool[i_dst] = mix(pool[i_dst], hash_(pool[i_src]))
    hash_const_b = INIT_B
    state = []
    for i_dst in range(4):
        data_val = (pool[i_dst] ^ hash_const_b) & MASK32
        hash_const_b = (hash_const_b * MULT_B) & MASK32
        data_val = (data_val * hash_const_b) & MASK32
        state.append((data_val ^ (data_val >> XSHIFT)) & MASK32)
    return state


class _DatasetKind:
    Map = 0
    Iterable = 1

    @staticmethod
    def create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
        if kind == _DatasetKind.Map:
            return _MapDatasetFetcher(dataset, auto_collation, collate_fn, drop_last)
        return _IterableDatasetFetcher(dataset, auto_collation, collate_fn, drop_last)


class _BaseDatasetFetcher:
    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last


class _IterableDatasetFetcher(_BaseDatasetFetcher):
    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        super().__init__(dataset, auto_collation, collate_fn, drop_last)
        self.dataset_iter = iter(dataset)
        self.ended = False

    def fetch(self, possibly_batched_index):
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data = []
            for _ in possibly_batched_index:
                try:
                    data.append(next(self.dataset_iter))
                except StopIteration:
                    self.ended = True
                    break
            if len(data) == 0 or (self.drop_last and len(data) < len(possibly_batched_index)):
                raise StopIteration
        else:
            data = next(self.dataset_iter)
        return self.collate_fn(data)


class _MapDatasetFetcher(_BaseDatasetFetcher):
    def fetch(self, possibly_batched_index):
        if self.auto_collation:
            if hasattr(self.dataset, "__getitems__") and self.dataset.__getitems__:
                data = self.dataset.__getitems__(possibly_batched_index)
            else:
                data = [self.dataset[idx] for idx in possibly_batched_index]
        else:
            data = self.dataset[possibly_batched_index]
        return self.collate_fn(data)


class _InfiniteConstantSampler(Sampler):
    """The sampler of an iterable dataset: None forever."""

    def __iter__(self):
        while True:
            yield None


def _cpu_count():
    if hasattr(os, "sched_getaffinity"):
        try:
            return len(os.sched_getaffinity(0))
        except Exception:  # noqa: BLE001
            pass
    return os.cpu_count()


class DataLoader(Generic[_T_co]):
    """Combines a dataset and a sampler, and iterates over batches of the dataset."""

    __module__ = "torch.utils.data.dataloader"
    __initialized = False

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing.let num_workers > 0 to enable multiprocessing, "
                             "otherwise set prefetch_factor to None.")
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._dataset_kind = _DatasetKind.Iterable
            if shuffle not in {False, None}:
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                                 f"option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                                 f"option, but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = _DatasetKind.Map

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")

        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None:
            if drop_last:
                raise ValueError("batch_size=None option disables auto-batching and is mutually "
                                 "exclusive with drop_last")

        if sampler is None:
            if self._dataset_kind == _DatasetKind.Iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)

        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator

        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers

        self.__initialized = True
        self._IterableDataset_len_called = None
        self._iterator = None
        self.check_worker_number_rationality()

    def _get_iterator(self):
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        self.check_worker_number_rationality()
        return _InProcessWorkersDataLoaderIter(self)

    @property
    def multiprocessing_context(self):
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, multiprocessing_context):
        if multiprocessing_context is not None:
            if self.num_workers > 0:
                if isinstance(multiprocessing_context, str):
                    import multiprocessing
                    valid = multiprocessing.get_all_start_methods()
                    if multiprocessing_context not in valid:
                        raise ValueError(
                            "multiprocessing_context option should specify a valid start method "
                            f"in {valid!r}, but got "
                            f"multiprocessing_context={multiprocessing_context!r}")
                    multiprocessing_context = multiprocessing.get_context(
                        multiprocessing_context)
            else:
                raise ValueError("multiprocessing_context can only be used with multi-process "
                                 "loading (num_workers > 0), but got "
                                 f"num_workers={self.num_workers}")
        self.__multiprocessing_context = multiprocessing_context

    def __setattr__(self, attr, val):
        if self.__initialized and attr in ("batch_size", "batch_sampler", "sampler", "drop_last",
                                           "dataset", "persistent_workers"):
            raise ValueError(f"{attr} attribute should not be set after "
                             f"{self.__class__.__name__} is initialized")
        super().__setattr__(attr, val)

    def __iter__(self):
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __len__(self):
        if self._dataset_kind == _DatasetKind.Iterable:
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                if self.drop_last:
                    length = length // self.batch_size
                else:
                    length = math.ceil(length / self.batch_size)
            return length
        return len(self._index_sampler)

    def check_worker_number_rationality(self):
        if not self.num_workers:
            return
        max_num_worker_suggest = _cpu_count()
        cpuset_checked = hasattr(os, "sched_getaffinity")
        if max_num_worker_suggest is None or self.num_workers > max_num_worker_suggest:
            if max_num_worker_suggest is not None:
                suggested = (f"Our suggested max number of worker in current system is "
                             f"{max_num_worker_suggest}"
                             f"{'' if cpuset_checked else ' (`cpuset` is not taken into account)'}"
                             ", which is smaller than what this DataLoader is going to create.")
            else:
                suggested = ("DataLoader is not able to compute a suggested max number of "
                             "worker in current system.")
            warnings.warn(
                f"This DataLoader will create {self.num_workers} worker processes in total. "
                f"{suggested} Please be aware that excessive worker creation might get "
                "DataLoader running slow or even freeze, lower the worker number to avoid "
                "potential slowness/freeze if necessary.", stacklevel=2)


class _BaseDataLoaderIter:
    def __init__(self, loader):
        self._dataset = loader.dataset
        self._shared_seed = None
        self._dataset_kind = loader._dataset_kind
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        if loader.pin_memory and loader.pin_memory_device:
            warnings.warn("pin_memory_device is deprecated, the current accelerator will be "
                          "used as the device,ignore "
                          f"pin_memory_device='{loader.pin_memory_device}'.", stacklevel=2)
        if loader.pin_memory:
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", stacklevel=2)
        self._pin_memory = False
        self._timeout = loader.timeout
        self._collate_fn = loader.collate_fn
        self._sampler_iter = iter(self._index_sampler)
        # torch draws the workers' base seed at every new iterator, workers or not
        self._base_seed = int(empty((), dtype=D.int64).random_(generator=loader.generator)
                              .item())
        self._persistent_workers = loader.persistent_workers
        self._num_yielded = 0

    def __iter__(self):
        return self

    def _reset(self, loader, first_iter=False):
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called

    def _next_index(self):
        return next(self._sampler_iter)

    def _next_data(self):
        raise NotImplementedError

    def __next__(self):
        if self._sampler_iter is None:
            self._reset()
        data = self._next_data()
        self._num_yielded += 1
        if (self._dataset_kind == _DatasetKind.Iterable
                and self._IterableDataset_len_called is not None
                and self._num_yielded > self._IterableDataset_len_called):
            msg = (f"Length of IterableDataset {self._dataset} was reported to be "
                   f"{self._IterableDataset_len_called}(when accessing len(dataloader)), but "
                   f"{self._num_yielded} samples have been fetched. ")
            if self._num_workers > 0:
                msg += ("For multiprocessing data-loading, this could be caused by not properly "
                        "configuring the IterableDataset replica at each worker. Please see "
                        "https://pytorch.org/docs/stable/data.html#torch.utils.data."
                        "IterableDataset for examples.")
            warnings.warn(msg, stacklevel=2)
        return data

    def __len__(self):
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError("{} cannot be pickled", self.__class__.__name__)


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    def __init__(self, loader):
        super().__init__(loader)
        if self._timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        self._dataset_fetcher = _DatasetKind.create_fetcher(
            self._dataset_kind, self._dataset, self._auto_collation, self._collate_fn,
            self._drop_last)

    def _next_data(self):
        index = self._next_index()
        return self._dataset_fetcher.fetch(index)


class _Worker:
    """The state a torch worker process would have: its RNG states and its fetcher."""

    def __init__(self, worker_id, loader_iter, loader):
        self.id = worker_id
        seed = loader_iter._base_seed + worker_id
        self.info = WorkerInfo(id=worker_id, num_workers=loader_iter._num_workers, seed=seed,
                               dataset=loader_iter._dataset)
        saved = _save_rng()
        try:
            _py_random.seed(seed)
            _random.manual_seed(seed)
            np.random.seed(_generate_state(loader_iter._base_seed, worker_id))
            self.rng = _save_rng()
        finally:
            _restore_rng(saved)
        self.fetcher = None
        self.init_error = None
        self.run(lambda: self._init(loader_iter, loader))

    def _init(self, loader_iter, loader):
        try:
            if loader.worker_init_fn is not None:
                loader.worker_init_fn(self.id)
            self.fetcher = _DatasetKind.create_fetcher(
                loader_iter._dataset_kind, loader_iter._dataset, loader_iter._auto_collation,
                loader_iter._collate_fn, loader_iter._drop_last)
        except Exception as e:  # torch reports it with the worker's first batch
            self.init_error = e

    def reset_fetcher(self, loader_iter):
        def make():
            self.fetcher = _DatasetKind.create_fetcher(
                loader_iter._dataset_kind, loader_iter._dataset, loader_iter._auto_collation,
                loader_iter._collate_fn, loader_iter._drop_last)
        self.run(make)

    def run(self, fn):
        global _worker_info
        saved = _save_rng()
        prev_info = _worker_info
        _restore_rng(self.rng)
        _worker_info = self.info
        try:
            return fn()
        finally:
            self.rng = _save_rng()
            _worker_info = prev_info
            _restore_rng(saved)

    def fetch(self, index):
        if self.init_error is not None:
            e, self.init_error = self.init_error, None
            raise e
        return self.run(lambda: self.fetcher.fetch(index))


def _save_rng():
    return (_random.get_rng_state(), _py_random.getstate(), np.random.get_state())


def _restore_rng(state):
    _random.set_rng_state(state[0])
    _py_random.setstate(state[1])
    np.random.set_state(state[2])


class _InProcessWorkersDataLoaderIter(_BaseDataLoaderIter):
    """num_workers > 0 without processes: batch k is fetched by simulated worker k mod n (the
    active ones, in torch's round-robin), each with its own RNG states."""

    def __init__(self, loader):
        super().__init__(loader)
        self._workers = [_Worker(i, self, loader) for i in range(self._num_workers)]
        self._reset(loader, first_iter=True)

    def _reset(self, loader, first_iter=False):
        super()._reset(loader, first_iter)
        if not first_iter:
            for w in self._workers:
                w.reset_fetcher(self)
        self._active = [True] * self._num_workers
        self._cycle = 0
        # torch sends prefetch_factor * num_workers indices at once: the sampler (and its
        # seed draw from the default generator) runs when the iterator is created
        self._pending = []
        for _ in range(loader.prefetch_factor * self._num_workers):
            try:
                self._pending.append(self._next_index())
            except StopIteration:
                break

    def _take_index(self):
        if self._pending:
            return self._pending.pop(0)
        return self._next_index()

    def _next_data(self):
        while True:
            if not any(self._active):
                raise StopIteration
            index = self._take_index()
            worker = None
            for _ in range(self._num_workers):
                k = self._cycle
                self._cycle = (self._cycle + 1) % self._num_workers
                if self._active[k]:
                    worker = self._workers[k]
                    break
            try:
                return worker.fetch(index)
            except StopIteration:
                if self._dataset_kind == _DatasetKind.Iterable:
                    self._active[worker.id] = False
                    continue
                raise
