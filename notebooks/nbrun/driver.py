"""Executes one notebook with nbclient for nbrun (embedded in the Go binary; run by /usr/bin/python3).

argv[1] is a JSON object: input, output, status (paths), cwd (the kernel's working directory: the original
notebook's folder, which GoNB reports as GONB_DIR), kernel, timeout (whole notebook, seconds), cell_timeout and
startup_timeout (seconds). The executed notebook is always written to output, also after a failure (partial
outputs), and a JSON status to status: {"status": "ok"|"cell_error"|"timeout"|"dead_kernel"|"no_kernel"|"exception",
"cell": index in the input notebook or -1, "error_class": ..., "message": ...}.
"""
import asyncio
import json
import sys
import time
import traceback

import nbformat
from jupyter_client.kernelspec import NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


async def execute(args, nb, status):
    client = NotebookClient(
        nb,
        kernel_name=args["kernel"],
        timeout=args["cell_timeout"],
        startup_timeout=args["startup_timeout"],
        record_timing=False,
        resources={"metadata": {"path": args["cwd"]}},
    )
    deadline = time.monotonic() + args["timeout"]
    status["phase"] = "kernel_start"
    async with client.async_setup_kernel():
        status["phase"] = "cells"
        for index, cell in enumerate(nb.cells):
            status["cell"] = index
            remaining = deadline - time.monotonic()
            if remaining <= 1:
                raise CellTimeoutError(
                    "notebook time limit of %ds reached before cell %d" % (args["timeout"], index))
            client.timeout = max(1, int(min(args["cell_timeout"], remaining)))
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        status["cell"] = -1


def main():
    args = json.loads(sys.argv[1])
    nb = nbformat.read(args["input"], as_version=4)
    status = {"status": "ok", "cell": -1, "phase": "start", "error_class": "", "message": ""}
    try:
        asyncio.run(execute(args, nb, status))
    except CellTimeoutError as e:
        status.update(status="timeout", error_class=type(e).__name__, message=str(e))
    except CellExecutionError as e:
        status.update(status="cell_error", error_class=type(e).__name__, message=str(e))
    except NoSuchKernel as e:
        status.update(status="no_kernel", error_class=type(e).__name__,
                      message="no Jupyter kernel named %r is installed (for GoNB: gonb --install): %s"
                      % (args["kernel"], e))
    except DeadKernelError as e:
        status.update(status="dead_kernel", error_class=type(e).__name__, message=str(e))
    except BaseException as e:  # also KeyboardInterrupt / SystemExit from a signal
        status.update(status="exception", error_class=type(e).__name__,
                      message="".join(traceback.format_exception(e))[-4000:])
    finally:
        nbformat.write(nb, args["output"])
        with open(args["status"], "w") as f:
            json.dump(status, f)


if __name__ == "__main__":
    main()
