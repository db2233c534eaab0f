"""The machine line every benchmark prints before its figures: on shared cores a figure means
little without the core count, the memory and the load average beside it."""

import os
import platform


def machine_line(*details: str) -> str:
    """`machine: x86_64, 2 cores (shared), 7.8 GiB RAM, load average 1.52 1.31 1.20, Python 3.11.9`,
    then the benchmark's own details (library versions, settings)."""
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return ", ".join(
        [
            f"machine: {platform.machine()}",
            f"{os.cpu_count()} cores (shared)",
            f"{memory_gib:.1f} GiB RAM",
            f"load average {load}",
            f"Python {platform.python_version()}",
            *details,
        ]
    )
