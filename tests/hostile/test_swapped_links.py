"""The landing guard checks the file it opened, not the name it was given: a link flipped between
an inside page and an outside one, while the landing folder is read, never gets the outside page
in. Before, the guard resolved the name and then opened it again; the outside page was loaded in
3 of 3 runs with links flipped during the run."""

import subprocess
import sys
import time
from pathlib import Path

from etl.ingest import UnreadableInput, read_input_bytes

INSIDE = b"<html><body><p>the page delivered into the landing folder</p></body></html>"
OUTSIDE = b"<html><body><p>a secret beside the landing folder</p></body></html>"
READS = 3000

# Flips `link` between the two targets as fast as it can, each flip one atomic rename.
FLIPPER = """
import os, sys
link, inside, outside = sys.argv[1:4]
spare = link + ".new"
while True:
    for target in (inside, outside):
        os.symlink(target, spare)
        os.replace(spare, link)
"""


def test_a_link_flipped_during_reads_never_yields_the_outside_file(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    (landing / "b1").mkdir(parents=True)
    inside, outside = landing / "b1" / "page.html", tmp_path / "secret.html"
    inside.write_bytes(INSIDE)
    outside.write_bytes(OUTSIDE)
    link = landing / "b1" / "link.html"
    link.symlink_to(inside)
    flipper = subprocess.Popen([sys.executable, "-c", FLIPPER, str(link), str(inside), str(outside)])
    seen: dict[bytes | str, int] = {}
    try:
        time.sleep(0.2)
        for _ in range(READS):
            try:
                outcome: bytes | str = read_input_bytes(link, landing)
            except UnreadableInput as refusal:
                outcome = str(refusal)
            except FileNotFoundError:
                outcome = "gone while flipped"
            seen[outcome] = seen.get(outcome, 0) + 1
    finally:
        flipper.kill()
        flipper.wait()

    assert OUTSIDE not in seen, f"the outside page was read {seen[OUTSIDE]} times in {READS}"
    assert seen.get(INSIDE, 0) > 0
    assert seen.get("symlink pointing outside the landing folder", 0) > 0
