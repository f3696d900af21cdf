"""How long and how much memory one phone photo takes through the photo pipeline.

Makes its own 12 MP photos (a JPEG with EXIF orientation and GPS, and a HEIC written as a grid
of 512 px tiles, turned and tagged Display P3 the way iPhones write them), then for each runs
the whole pipeline (checks, decode, upright, sRGB, six variants, stored in a temporary
LocalStorage) in a fresh child process per measurement, so each figure stands alone:

- ms: wall time of one photo (codecs already loaded by a tiny warm-up photo, as in a worker
  that has served a request before), median and worst of the runs; cpu ms: CPU time of all
  its threads (the pipeline uses both cores, so this is more than the wall time, and it does
  grows far less than wall time when other processes compete for the cores);
- rss MB: peak resident memory during the photo above the process's memory just before it
  (Linux VmHWM, reset through /proc/self/clear_refs; ru_maxrss delta where that is refused).
  The warm-up is tiny on purpose: a 12 MP warm-up would leave freed memory in the heap for the
  measured photo to reuse, and hide its real peak;
- py MB: tracemalloc's peak of Python allocations (bytes objects: the upload and the encoded
  files). Pillow's pixel buffers are C allocations that only the RSS figure sees.

Each photo is measured twice: on a quiet machine, then while another process burns one core
(a busy loop pinned to the last CPU), as when a web worker shares the machine with another
request or a job. Both rows are printed.

Run: .venv/bin/python bench/photos.py [--runs 5]
Targets on a 2-core machine, quiet: <= 400 ms for a 12 MP JPEG, <= 600 ms for a 12 MP HEIC,
<= 80 MB for either.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = {"jpeg": 400, "heic": 600}
TARGET_MB = 80
BURN = "import os, sys\nos.sched_setaffinity(0, {int(sys.argv[1])})\nwhile True:\n    pass\n"


def make_photo(width: int = 4000, height: int = 3000):
    """Something with a photo's statistics: smooth areas, edges, fine grain."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(2026)
    image = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize((width, height)),
            Image.radial_gradient("L").resize((width, height)),
            Image.linear_gradient("L").rotate(90).resize((width, height)),
        ),
    )
    draw = ImageDraw.Draw(image)
    for _ in range(3000):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randrange(10, 300), y + rng.randrange(10, 200))
        draw.ellipse(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    grain = Image.effect_noise((width, height), 30).convert("RGB")
    return Image.blend(image, grain, 0.06)


def phone_exif(orientation: int):
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Bench"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "S", 2: (13.0, 9.0, 48.0), 3: "W", 4: (74.0, 13.0, 25.0)})  # Ayacucho
    return exif


def make_samples(folder: Path) -> dict[str, Path]:
    import pillow_heif

    from tests.media.samples import display_p3_profile

    photo = make_photo()
    tiny = photo.resize((64, 48))
    samples = {}
    for orientation, name in ((1, "jpeg-landscape"), (6, "jpeg-portrait")):
        path = folder / f"{name}.jpg"
        photo.save(path, "JPEG", quality=92, exif=phone_exif(orientation).tobytes())
        tiny.save(f"{path}.tiny", "JPEG", exif=phone_exif(orientation).tobytes())
        samples[name] = path
    pillow_heif.register_heif_opener()
    path = folder / "heic-portrait.heic"
    # Writing 12 MP HEIC takes several seconds; the pipeline only reads it. Tagged Display P3
    # as iPhones tag theirs, so the colour conversion to sRGB is part of the measure.
    p3 = display_p3_profile()
    photo.save(path, "HEIF", quality=60, tile_size=512, exif=phone_exif(6).tobytes(), icc_profile=p3)
    tiny.save(f"{path}.tiny", "HEIF", exif=phone_exif(6).tobytes(), icc_profile=p3)
    samples["heic-portrait"] = path
    return samples


def _rss_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def measure_one(path: str) -> dict:
    """In a fresh process: warm up once, then time and weigh one photo."""
    from marketplace.media import processing
    from marketplace.media.services import store_variants
    from marketplace.media.storage import LocalStorage

    data = Path(path).read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        store = LocalStorage(folder)

        def pipeline() -> processing.ProcessedPhoto:
            photo = processing.process(data)
            store_variants(photo, store)  # as an upload does, minus the database row
            return photo

        processing.process(Path(path + ".tiny").read_bytes())  # loads the codec libraries
        exact_peak = _reset_peak()
        before_kb = _rss_kb("VmRSS") if exact_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu_started = time.perf_counter(), time.process_time()
        photo = pipeline()
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu_started) * 1000
        after_kb = _rss_kb("VmHWM") if exact_peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        pipeline()
        py_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "ms": elapsed_ms,
        "cpu_ms": cpu_ms,
        "rss_mb": max(0, after_kb - before_kb) / 1024,
        "py_mb": py_peak / 2**20,
        "exact_peak": exact_peak,
        "upload_mb": len(data) / 2**20,
        "size": f"{photo.width}x{photo.height}",
        "stored_kb": sum(len(v.data) for v in photo.variants) // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--samples", help="keep the sample photos in this folder and reuse them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(args.child)))
        return

    print(f"cpus: {os.cpu_count()}; making 12 MP samples…", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.samples or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        samples = _reuse(folder) or make_samples(folder)
        header = (f"{'photo':16} {'machine':7} {'upload':>8} {'ms med':>7} {'ms max':>7} {'cpu ms':>7} "
                  f"{'rss MB':>7} {'py MB':>6}  {'target':7} variants")
        print(header)
        for machine in ("quiet", "loaded"):
            with burning_one_core() if machine == "loaded" else nullcontext():
                print(f"-- {machine}: load average {os.getloadavg()[0]:.2f} before the pass", flush=True)
                for name, path in samples.items():
                    runs = [_child(path) for _ in range(args.runs)]
                    print(_row(name, machine, runs), flush=True)


def _row(name: str, machine: str, runs: list[dict]) -> str:
    ms = [run["ms"] for run in runs]
    rss = max(run["rss_mb"] for run in runs)
    met = statistics.median(ms) <= TARGET_MS[name.split("-")[0]] and rss <= TARGET_MB
    verdict = ("met" if met else "MISSED") if machine == "quiet" else "-"
    return (
        f"{name:16} {machine:7} {runs[0]['upload_mb']:6.1f}MB {statistics.median(ms):7.0f} {max(ms):7.0f} "
        f"{statistics.median(run['cpu_ms'] for run in runs):7.0f} {rss:7.1f} "
        f"{max(run['py_mb'] for run in runs):6.1f}  {verdict:7} "
        f"{runs[0]['size']}, {runs[0]['stored_kb']} KB stored"
        + ("" if runs[0]["exact_peak"] else "  (rss: ru_maxrss delta)")
    )


@contextmanager
def burning_one_core():
    """Another process keeping the last CPU busy for as long as the block runs."""
    cpu = max(os.sched_getaffinity(0))
    burner = subprocess.Popen([sys.executable, "-c", BURN, str(cpu)])
    try:
        yield
    finally:
        burner.kill()
        burner.wait()


def _reuse(folder: Path) -> dict[str, Path] | None:
    names = {"jpeg-landscape": "jpg", "jpeg-portrait": "jpg", "heic-portrait": "heic"}
    paths = {name: folder / f"{name}.{ext}" for name, ext in names.items()}
    return paths if all(path.exists() for path in paths.values()) else None


def _child(path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
