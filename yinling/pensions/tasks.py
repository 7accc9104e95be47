"""The adjustment run's background task (django-tasks, database backend): its progress shows on the run's page."""
import logging

from django_tasks import task

from .models import AdjustmentRun
from .services import run_compute

log = logging.getLogger(__name__)


@task()
def compute_run(run_id: int) -> None:
    def progress(done: int, total: int) -> None:
        AdjustmentRun.objects.filter(pk=run_id).update(progress_done=done, progress_total=max(total, 1))

    try:
        run_compute(run_id, progress=progress)
    except Exception:
        log.exception("pension run %s failed", run_id)
        AdjustmentRun.objects.filter(pk=run_id).update(status=AdjustmentRun.Status.FAILED, message="计算出错，请联系系统管理员查看日志。")
        raise
