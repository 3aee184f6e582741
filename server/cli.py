"""``serve``: run the server under gunicorn; its options come from the settings table."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

import click

from conflict_kg.server.backends import is_remote
from conflict_kg.server.settings import SETTINGS, load_settings

CLICK_TYPES = {int: int, float: float}
WORKER_BOOT_ERROR = 3  # gunicorn.arbiter.Arbiter.WORKER_BOOT_ERROR: the arbiter halts on it


def _with_setting_options(command):
    for setting in reversed([s for s in SETTINGS if s.cli]):
        command = click.option(
            setting.option, setting.name, default=None,
            type=CLICK_TYPES.get(type(setting.default), str),
            help=f"{setting.help} [default: {setting.shown_default}; env: {setting.env}]")(command)
    return command


ENVIRONMENT_ONLY = "\b\nSet in the environment only (a command-line value would show in `ps`):\n" + "\n".join(
    f"  {s.env}: {s.help}" for s in SETTINGS if not s.cli)


@click.command("serve", epilog=ENVIRONMENT_ONLY)
@_with_setting_options
def serve(**options) -> None:
    """Serve the SPARQL endpoint, linked data and dumps of a release (gunicorn, gthread)."""
    from conflict_kg.server.store import ReleaseLoadError, prepare_store_in_child

    try:
        settings = load_settings(overrides={k: v for k, v in options.items() if v is not None})
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if is_remote(settings["store"]):
        _serve_remote(settings)
        return
    temporary = settings["store"] is None
    if temporary:
        settings["store"] = Path(tempfile.mkdtemp(prefix="conflict-kg-store-"))
    try:
        try:  # in a child process: this one forks the gunicorn worker (see conflict_kg.server.store)
            prepare_store_in_child(Path(settings["data_dir"]), settings["store"])
        except ReleaseLoadError as error:
            click.echo(f"error: cannot load the release: {error}", err=True)
            sys.exit(2)
        except OSError as error:
            click.echo(f"error: cannot open the store {settings['store']}: {error}", err=True)
            sys.exit(2)
        except RuntimeError as error:  # the child printed its traceback
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        click.echo(f"serving {settings['data_dir']} at http://{settings['host']}:{settings['port']}/",
                   err=True)
        GunicornServer(settings).run()
    finally:
        if temporary:
            shutil.rmtree(settings["store"], ignore_errors=True)


def _serve_remote(settings: dict) -> None:
    """A remote engine holds the graph: nothing to load here, and it need not be up yet."""
    from conflict_kg.server.remote_store import RemoteStore

    try:
        RemoteStore.from_settings(settings).close()  # checks the settings; contacts nothing
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"serving the remote SPARQL engine at {settings['store']} (dumps from "
               f"{settings['data_dir']}) at http://{settings['host']}:{settings['port']}/", err=True)
    GunicornServer(settings).run()


def _gunicorn_base():
    from gunicorn.app.base import BaseApplication

    return BaseApplication


class GunicornServer(_gunicorn_base()):
    """One gunicorn worker process with HTTP threads; queries run in its query worker pool."""

    def __init__(self, settings: dict):
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        from conflict_kg.server.gunicorn_worker import REQUEST_GRACE, STOP_MARGIN, Worker

        s = self.settings
        options = {
            "bind": f"{s['host']}:{s['port']}", "workers": 1, "worker_class": Worker,  # gthread's
            "threads": s["threads"],
            # gunicorn's own watchdog must outlast the query timeout plus SERVICE calls
            "timeout": int(s["timeout"] + s["service_timeout"] + 30),
            # how long the arbiter waits for a stopping worker before SIGKILL: the worker's
            # grace for requests in flight, then time for its ordered stop (conflict_kg.server.gunicorn_worker)
            "graceful_timeout": REQUEST_GRACE + STOP_MARGIN,
            "limit_request_line": 8190, "errorlog": "-", "loglevel": "warning",
        }
        for key, value in options.items():
            self.cfg.set(key, value)
        from conflict_kg.server.errors import use_json_for_gunicorn_errors

        use_json_for_gunicorn_errors()  # set in the arbiter, so the forked worker has it too

    def load(self):
        try:
            from conflict_kg.server import create_app

            return create_app(config=self.settings)
        except BaseException:
            # Exit at once with gunicorn's "failed to boot" status, whatever went wrong (also a
            # BaseException gunicorn would not catch): the arbiter stops and `serve` exits
            # non-zero instead of starting the worker again. (Once a normal exit here crashed
            # (SIGSEGV), taken for a worker that died after booting and restarted forever: the
            # arbiter had opened the store before forking; see conflict_kg.server.store.)
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(WORKER_BOOT_ERROR)


if __name__ == "__main__":
    serve()
