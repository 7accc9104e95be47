"""The trial read of an upload in a capped child process: `python -m yinling.transfer.trial PATH MB LIMITS`.

safety.trial_read() runs it in a fresh interpreter. It loads what reading needs, then caps
its own address space at what it holds plus MB megabytes (resource.RLIMIT_AS) and reads
every row of PATH with read_sheet() under the import limits LIMITS (JSON, as in settings).
It prints {"rows": n} or {"refused": message}; a reader that runs out of memory ends the
process instead, which trial_read() takes as a refusal. No database, no Django apps.
"""
import json
import resource
import sys


def main(path: str, megabytes: int, limits: dict) -> int:
    from django.conf import settings

    settings.configure(**limits)
    from yinling.transfer.reader import FileRefused, read_sheet

    with open("/proc/self/status") as status:  # the address space the reader starts with, plus the budget
        size_kb = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    limit = size_kb * 1024 + megabytes * 1048576
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = {"rows": sum(1 for _ in read_sheet(path).iter_rows())}
    except FileRefused as refused:
        outcome = {"refused": str(refused)}
    except MemoryError:
        return 3
    print(json.dumps(outcome, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])))
