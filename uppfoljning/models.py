from django.db import models


class Heartbeat(models.Model):
    """The last time the Celery beat schedule ran a task through a worker.

    One row per process kind; /healthz shows its age so an operator sees at
    a glance that beat, broker and worker all work.
    """

    name = models.CharField("namn", max_length=50, unique=True)
    last_seen = models.DateTimeField("senast")
    runs = models.PositiveBigIntegerField("antal körningar", default=0)

    class Meta:
        verbose_name = "hjärtslag"
        verbose_name_plural = "hjärtslag"

    def __str__(self):
        return f"{self.name} {self.last_seen:%Y-%m-%d %H:%M:%S}"
