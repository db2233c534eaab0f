"""A lake write that fails part-way (a full disk) leaves neither a file nor its temporary."""

import subprocess
import sys
from pathlib import Path

import polars as pl

from etl.settings import PROJECT_ROOT

# The file size limit makes the disk "full" 64 KB into the write; SIGXFSZ ignored turns the
# overflow into a write error, as a full disk does.
WRITER = """
import resource, signal, sys
from pathlib import Path

import polars as pl
import numpy as np
import polars as pl
from etl.defs.resources import ParquetLakeIOManager

frame = pl.DataFrame({"noise": np.random.default_rng(0).bytes(4_000_000)}, schema={"noise": pl.Binary})
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
try:
    ParquetLakeIOManager._write(Path(sys.argv[1]), frame)
except Exception as error:
    print(type(error).__name__)
    sys.exit(3)
"""


def test_a_failed_lake_write_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "lake" / "raw_html" / "2017-07-05.parquet"

    completed = subprocess.run(
        [sys.executable, "-c", WRITER, str(target)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 3, completed.stderr[-2000:]
    assert list(target.parent.iterdir()) == []


# Each writer stores its own frame at the same lake path over and over, as two runs of one batch
# at once do; it fails if a rename finds its temporary file gone (taken by the other writer).
RACING_WRITER = """
import sys
from pathlib import Path

import polars as pl
import polars as pl
from etl.defs.resources import ParquetLakeIOManager

frame = pl.DataFrame({"writer": [sys.argv[2]] * 200_000})
for _ in range(40):
    ParquetLakeIOManager._write(Path(sys.argv[1]), frame)
"""


def test_two_writers_of_one_batch_each_rename_a_whole_file_of_their_own(tmp_path: Path) -> None:
    target = tmp_path / "lake" / "raw_html" / "2017-07-05.parquet"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_WRITER, str(target), name],
            cwd=PROJECT_ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]

    errors = [writer.communicate(timeout=120)[1] for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0], errors
    stored = pl.read_parquet(target)["writer"]
    assert stored.len() == 200_000 and stored.n_unique() == 1
    assert [path.name for path in target.parent.iterdir()] == [target.name]
