"""torch.save / torch.load: round trips, torch's zip layout, loading a checkpoint written by
torch 2.13.0 (embedded below, base64), weights_only refusals with torch's message."""
import base64
import collections
import io
import pickle
import pickletools
import zipfile

import numpy as np
import pytest

import minitorch_compat as torch
from minitorch_compat import serialization as S

# written by torch 2.13.0 (torch.save to a BytesIO) from:
#   w = torch.arange(6.).reshape(2, 3)
#   {"sd": OrderedDict(weight=w, bias=tensor([0.5, -1.0]), row=w[1], wt=w.t()),
#    "p": nn.Parameter(tensor([1.5, 2.5])), "i": tensor([1, -2, 3]),
#    "h": tensor([0.25], dtype=float16), "b": tensor([True, False]),
#    "g": tensor([3.0], requires_grad=True),
#    "meta": {"epoch": 3, "name": "run", "lr": 0.1, "t": (1, None)},
#    "dt": torch.float64, "dev": torch.device("cpu"), "sz": torch.Size([4, 5])}
TORCH_CKPT = (
    "UEsDBAAACAgAAAAAAAAAAAAAAAAAAAAAAAAQABIAYXJjaGl2ZS9kYXRhLnBrbEZCDgBaWlpaWlpaWlpaWlpaWoAC"
    "fXEAKFgCAAAAc2RxAWNjb2xsZWN0aW9ucwpPcmRlcmVkRGljdApxAilScQMoWAYAAAB3ZWlnaHRxBGN0b3JjaC5f"
    "dXRpbHMKX3JlYnVpbGRfdGVuc29yX3YyCnEFKChYBwAAAHN0b3JhZ2VxBmN0b3JjaApGbG9hdFN0b3JhZ2UKcQdY"
    "AQAAADBxCFgDAAAAY3B1cQlLBnRxClFLAEsCSwOGcQtLA0sBhnEMiWgCKVJxDXRxDlJxD1gEAAAAYmlhc3EQaAUo"
    "KGgGaAdYAQAAADFxEWgJSwJ0cRJRSwBLAoVxE0sBhXEUiWgCKVJxFXRxFlJxF1gDAAAAcm93cRhoBSgoaAZoB2gI"
    "aAlLBnRxGVFLA0sDhXEaSwGFcRuJaAIpUnEcdHEdUnEeWAIAAAB3dHEfaAUoKGgGaAdoCGgJSwZ0cSBRSwBLA0sC"
    "hnEhSwFLA4ZxIoloAilScSN0cSRScSV1WAEAAABwcSZjdG9yY2guX3V0aWxzCl9yZWJ1aWxkX3BhcmFtZXRlcgpx"
    "J2gFKChoBmgHWAEAAAAycShoCUsCdHEpUUsASwKFcSpLAYVxK4loAilScSx0cS1ScS6IaAIpUnEvh3EwUnExWAEA"
    "AABpcTJoBSgoaAZjdG9yY2gKTG9uZ1N0b3JhZ2UKcTNYAQAAADNxNGgJSwN0cTVRSwBLA4VxNksBhXE3iWgCKVJx"
    "OHRxOVJxOlgBAAAAaHE7aAUoKGgGY3RvcmNoCkhhbGZTdG9yYWdlCnE8WAEAAAA0cT1oCUsBdHE+UUsASwGFcT9L"
    "AYVxQIloAilScUF0cUJScUNYAQAAAGJxRGgFKChoBmN0b3JjaApCb29sU3RvcmFnZQpxRVgBAAAANXFGaAlLAnRx"
    "R1FLAEsChXFISwGFcUmJaAIpUnFKdHFLUnFMWAEAAABncU1oBSgoaAZoB1gBAAAANnFOaAlLAXRxT1FLAEsBhXFQ"
    "SwGFcVGIaAIpUnFSdHFTUnFUWAQAAABtZXRhcVV9cVYoWAUAAABlcG9jaHFXSwNYBAAAAG5hbWVxWFgDAAAAcnVu"
    "cVlYAgAAAGxycVpHP7mZmZmZmZpYAQAAAHRxW0sBToZxXHVYAgAAAGR0cV1jdG9yY2gKZmxvYXQ2NApxXlgDAAAA"
    "ZGV2cV9jdG9yY2gKZGV2aWNlCnFgWAMAAABjcHVxYYVxYlJxY1gCAAAAc3pxZGN0b3JjaApTaXplCnFlSwRLBYZx"
    "ZoVxZ1JxaHUuUEsHCAus4runAwAApwMAAFBLAwQAAAgIAAAAAAAAAAAAAAAAAAAAAAAAFwAUAGFyY2hpdmUvLmZv"
    "cm1hdF92ZXJzaW9uRkIQAFpaWlpaWlpaWlpaWlpaWloxUEsHCLfv3IMBAAAAAQAAAFBLAwQAAAgIAAAAAAAAAAAA"
    "AAAAAAAAAAAAGgA3AGFyY2hpdmUvLnN0b3JhZ2VfYWxpZ25tZW50RkIzAFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWjY0UEsHCD93cekCAAAAAgAAAFBLAwQAAAgIAAAAAAAAAAAAAAAA"
    "AAAAAAAAEQA/AGFyY2hpdmUvYnl0ZW9yZGVyRkI7AFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpabGl0dGxlUEsHCIU94xkGAAAABgAAAFBLAwQAAAgIAAAAAAAAAAAAAAAA"
    "AAAAAAAADgA+AGFyY2hpdmUvZGF0YS8wRkI6AFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWlpaWlpaWlpaWlpaWloAAAAAAACAPwAAAEAAAEBAAACAQAAAoEBQSwcIF5DnkRgAAAAYAAAAUEsDBAAA"
    "CAgAAAAAAAAAAAAAAAAAAAAAAAAOACwAYXJjaGl2ZS9kYXRhLzFGQigAWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWlpaWlpaWlpaWgAAAD8AAIC/UEsHCGjGDiYIAAAACAAAAFBLAwQAAAgIAAAAAAAAAAAAAAAAAAAAAAAA"
    "DgA8AGFyY2hpdmUvZGF0YS8yRkI4AFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWlpaWlpaAADAPwAAIEBQSwcIuIvjtAgAAAAIAAAAUEsDBAAACAgAAAAAAAAAAAAAAAAAAAAAAAAOADwA"
    "YXJjaGl2ZS9kYXRhLzNGQjgAWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWlpaWloBAAAAAAAAAP7/////////AwAAAAAAAABQSwcIT7RtlRgAAAAYAAAAUEsDBAAACAgAAAAAAAAAAAAA"
    "AAAAAAAAAAAOACwAYXJjaGl2ZS9kYXRhLzRGQigAWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "WlpaWgA0UEsHCErmbWACAAAAAgAAAFBLAwQAAAgIAAAAAAAAAAAAAAAAAAAAAAAADgBCAGFyY2hpdmUvZGF0YS81"
    "RkI+AFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa"
    "AQBQSwcIviPCWAIAAAACAAAAUEsDBAAACAgAAAAAAAAAAAAAAAAAAAAAAAAOAEIAYXJjaGl2ZS9kYXRhLzZGQj4A"
    "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWloAAEBA"
    "UEsHCInR4acEAAAABAAAAFBLAwQAAAgIAAAAAAAAAAAAAAAAAAAAAAAADwA/AGFyY2hpdmUvdmVyc2lvbkZCOwBa"
    "WlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWjMKUEsHCNGe"
    "Z1UCAAAAAgAAAFBLAwQAAAgIAAAAAAAAAAAAAAAAAAAAAAAAHgAyAGFyY2hpdmUvLmRhdGEvc2VyaWFsaXphdGlv"
    "bl9pZEZCLgBaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaMDY4OTUyOTU2NDc4"
    "NTIwNjU1NzgxNjg5MDU2MTA1MTk0OTU3ODM4NVBLBwjgyZQTKAAAACgAAABQSwECAAAAAAgIAAAAAAAAC6ziu6cD"
    "AACnAwAAEAAAAAAAAAAAAAAAAAAAAAAAYXJjaGl2ZS9kYXRhLnBrbFBLAQIAAAAACAgAAAAAAAC379yDAQAAAAEA"
    "AAAXAAAAAAAAAAAAAAAAAPcDAABhcmNoaXZlLy5mb3JtYXRfdmVyc2lvblBLAQIAAAAACAgAAAAAAAA/d3HpAgAA"
    "AAIAAAAaAAAAAAAAAAAAAAAAAFEEAABhcmNoaXZlLy5zdG9yYWdlX2FsaWdubWVudFBLAQIAAAAACAgAAAAAAACF"
    "PeMZBgAAAAYAAAARAAAAAAAAAAAAAAAAANIEAABhcmNoaXZlL2J5dGVvcmRlclBLAQIAAAAACAgAAAAAAAAXkOeR"
    "GAAAABgAAAAOAAAAAAAAAAAAAAAAAFYFAABhcmNoaXZlL2RhdGEvMFBLAQIAAAAACAgAAAAAAABoxg4mCAAAAAgA"
    "AAAOAAAAAAAAAAAAAAAAAOgFAABhcmNoaXZlL2RhdGEvMVBLAQIAAAAACAgAAAAAAAC4i+O0CAAAAAgAAAAOAAAA"
    "AAAAAAAAAAAAAFgGAABhcmNoaXZlL2RhdGEvMlBLAQIAAAAACAgAAAAAAABPtG2VGAAAABgAAAAOAAAAAAAAAAAA"
    "AAAAANgGAABhcmNoaXZlL2RhdGEvM1BLAQIAAAAACAgAAAAAAABK5m1gAgAAAAIAAAAOAAAAAAAAAAAAAAAAAGgH"
    "AABhcmNoaXZlL2RhdGEvNFBLAQIAAAAACAgAAAAAAAC+I8JYAgAAAAIAAAAOAAAAAAAAAAAAAAAAANIHAABhcmNo"
    "aXZlL2RhdGEvNVBLAQIAAAAACAgAAAAAAACJ0eGnBAAAAAQAAAAOAAAAAAAAAAAAAAAAAFIIAABhcmNoaXZlL2Rh"
    "dGEvNlBLAQIAAAAACAgAAAAAAADRnmdVAgAAAAIAAAAPAAAAAAAAAAAAAAAAANQIAABhcmNoaXZlL3ZlcnNpb25Q"
    "SwECAAAAAAgIAAAAAAAA4MmUEygAAAAoAAAAHgAAAAAAAAAAAAAAAABSCQAAYXJjaGl2ZS8uZGF0YS9zZXJpYWxp"
    "emF0aW9uX2lkUEsGBiwAAAAAAAAAHgMtAAAAAAAAAAAADQAAAAAAAAANAAAAAAAAADcDAAAAAAAA+AkAAAAAAABQ"
    "SwYHAAAAAC8NAAAAAAAAAQAAAFBLBQYAAAAADQANADcDAAD4CQAAAAA=")

# recorded from torch 2.13.0 (the message of the UnpicklingError for a disallowed global)
WO_MESSAGE = (
    "Weights only load failed. This file can still be loaded, to do so you have two options, "
    "\x1b[1mdo those steps only if you trust the source of the checkpoint\x1b[0m. \n\t(1) In "
    "PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.\n\t(2) Alternatively, to load with `weights_only=True` please "
    "check the recommended steps in the following error message.\n\tWeightsUnpickler error: "
    "Unsupported global: GLOBAL {name} was not an allowed global by default. Please use "
    "`torch.serialization.add_safe_globals([{name}])` or the "
    "`torch.serialization.safe_globals([{name}])` context manager to allowlist this global if "
    "you trust this class/function.\n\nCheck the documentation of torch.load to learn more "
    "about types accepted by default with weights_only "
    "https://pytorch.org/docs/stable/generated/torch.load.html.")


class Foo:
    def __init__(self):
        self.x = 1


def _roundtrip(obj, **kw):
    buf = io.BytesIO()
    S.save(obj, buf)
    buf.seek(0)
    return S.load(buf, **kw)


def test_load_checkpoint_written_by_torch():
    obj = S.load(io.BytesIO(base64.b64decode("".join(TORCH_CKPT))))
    sd = obj["sd"]
    assert type(sd) is collections.OrderedDict and list(sd) == ["weight", "bias", "row", "wt"]
    assert sd["weight"].tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert sd["weight"].dtype == torch.float32 and sd["bias"].tolist() == [0.5, -1.0]
    assert sd["row"].tolist() == [3.0, 4.0, 5.0] and sd["wt"].stride() == (1, 3)
    sd["weight"][1, 0] = 7.0  # views share the storage, as in torch
    assert sd["row"][0].item() == 7.0 and sd["wt"][0, 1].item() == 7.0
    p = obj["p"]
    assert type(p) is torch.nn.Parameter and p.requires_grad and p.tolist() == [1.5, 2.5]
    assert obj["i"].dtype == torch.int64 and obj["i"].tolist() == [1, -2, 3]
    assert obj["h"].dtype == torch.float16 and obj["h"].tolist() == [0.25]
    assert obj["b"].dtype == torch.bool and obj["b"].tolist() == [True, False]
    assert obj["g"].requires_grad and obj["g"].is_leaf
    assert obj["meta"] == {"epoch": 3, "name": "run", "lr": 0.1, "t": (1, None)}
    assert obj["dt"] is torch.float64 and obj["dev"] == torch.device("cpu")
    assert obj["sz"] == torch.Size([4, 5]) and type(obj["sz"]) is torch.Size


def test_roundtrip_values_dtypes_and_sharing():
    base = torch.arange(12.).reshape(3, 4)
    obj = {"sd": collections.OrderedDict(w=base, v=base[1], t=base.t()),
           "p": torch.nn.Parameter(torch.tensor([1.5, -2.0])),
           "g": torch.tensor([1., 2.], requires_grad=True),
           "dtypes": [torch.tensor([1, 255], dtype=torch.uint8),
                      torch.tensor([-3], dtype=torch.int32), torch.tensor([1 + 2j]),
                      torch.tensor([0.5], dtype=torch.float16), torch.tensor(3.5),
                      torch.tensor([7, 9], dtype=torch.uint16), torch.zeros(0, 3),
                      torch.ones(3).expand(2, 3)],
           "prims": [1, 2.5, "x", None, True, (1, 2), {"k": b"by"}, {1, 2}, 1 + 2j,
                     bytearray(b"z")],
           "misc": (torch.float16, torch.device("cpu"), torch.Size([1, 2]))}
    out = _roundtrip(obj)
    assert out["sd"]["w"].tolist() == base.tolist()
    assert out["sd"]["t"].tolist() == base.t().tolist()
    out["sd"]["w"][1, 0] = 100.0
    assert out["sd"]["v"][0].item() == 100.0 and out["sd"]["t"][0, 1].item() == 100.0
    assert type(out["p"]) is torch.nn.Parameter and out["p"].requires_grad
    assert out["g"].requires_grad and not out["sd"]["w"].requires_grad
    for a, b in zip(out["dtypes"], obj["dtypes"]):
        assert a.dtype == b.dtype and a.shape == b.shape and a.tolist() == b.tolist()
    assert out["prims"] == obj["prims"]
    assert out["misc"] == obj["misc"]
    # loaded tensors own writable memory independent of the saved ones
    assert base[1, 0].item() == 4.0


def test_file_layout_is_torchs(tmp_path):
    path = tmp_path / "my_model.pt"
    S.save(collections.OrderedDict(w=torch.ones(2, 3), b=torch.zeros(3)), path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        # recorded from torch 2.13.0 for the same state dict saved to "my_model.pt"
        assert names == ["my_model/data.pkl", "my_model/.format_version",
                         "my_model/.storage_alignment", "my_model/byteorder",
                         "my_model/data/0", "my_model/data/1", "my_model/version",
                         "my_model/.data/serialization_id"]
        assert zf.read("my_model/version") == b"3\n" and zf.read("my_model/byteorder") == \
            b"little"
        assert np.frombuffer(zf.read("my_model/data/0"), np.float32).tolist() == [1.0] * 6
        pkl = zf.read("my_model/data.pkl")
        for info in zf.infolist():  # records start 64-byte aligned, as torch writes them
            assert (info.header_offset + 30 + len(info.filename) + len(info.extra)) % 64 == 0
    globals_ = [arg for op, arg, _ in pickletools.genops(pkl) if op.name == "GLOBAL"]
    assert globals_ == ["collections OrderedDict", "torch._utils _rebuild_tensor_v2",
                        "torch FloatStorage"]
    assert pkl[:2] == b"\x80\x02"  # protocol 2, as torch
    assert S.load(str(path))["w"].tolist() == [[1.0] * 3] * 2


def test_paths_and_file_objects(tmp_path):
    path = tmp_path / "t.pt"
    S.save(torch.tensor([1.0, 2.0]), str(path))
    assert S.load(path).tolist() == [1.0, 2.0]
    with open(path, "wb") as fh:
        S.save({"a": torch.ones(1)}, fh)
    with open(path, "rb") as fh:
        assert S.load(fh)["a"].tolist() == [1.0]
    with pytest.raises(FileNotFoundError):
        S.load(tmp_path / "missing.pt")


def test_weights_only_refuses_other_globals():
    buf = io.BytesIO()
    S.save({"a": Foo()}, buf)
    with pytest.raises(pickle.UnpicklingError) as info:
        S.load(io.BytesIO(buf.getvalue()))
    assert type(info.value).__module__ == "_pickle"
    assert str(info.value) == WO_MESSAGE.format(name=f"{__name__}.Foo")
    assert type(S.load(io.BytesIO(buf.getvalue()), weights_only=False)["a"]) is Foo
    buf = io.BytesIO()
    S.save(print, buf)
    with pytest.raises(pickle.UnpicklingError) as info:
        S.load(io.BytesIO(buf.getvalue()))
    assert str(info.value) == WO_MESSAGE.format(name="print")  # builtins. is dropped, as torch
    with S.safe_globals([Foo]):
        buf = io.BytesIO()
        S.save(Foo(), buf)
        assert S.load(io.BytesIO(buf.getvalue())).x == 1
    assert S.get_safe_globals() == []


def test_whole_module_with_weights_only_false():
    lin = torch.nn.Linear(2, 3)
    buf = io.BytesIO()
    S.save(lin, buf)
    out = S.load(io.BytesIO(buf.getvalue()), weights_only=False)
    assert type(out) is torch.nn.Linear and out.weight.tolist() == lin.weight.tolist()
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL torch.nn.modules.linear.Linear"):
        S.load(io.BytesIO(buf.getvalue()))


def test_state_dict_into_module():
    src = torch.nn.Linear(3, 2)
    dst = torch.nn.Linear(3, 2)
    dst.load_state_dict(_roundtrip(src.state_dict()))
    assert dst.weight.tolist() == src.weight.tolist() and dst.bias.tolist() == src.bias.tolist()


def test_map_location_and_bad_input():
    assert _roundtrip(torch.ones(1), map_location="cpu").tolist() == [1.0]
    assert _roundtrip(torch.ones(1), map_location=torch.device("cpu")).tolist() == [1.0]
    assert _roundtrip(torch.ones(1), map_location=lambda s, loc: s).tolist() == [1.0]
    with pytest.raises(RuntimeError, match=r"Attempting to deserialize object on a CUDA device "
                                           r"but torch.cuda.is_available\(\) is False"):
        _roundtrip(torch.ones(1), map_location="cuda:0")
    with pytest.raises(EOFError):
        S.load(io.BytesIO(b""))
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
        S.load(io.BytesIO(b"garbage data"))
