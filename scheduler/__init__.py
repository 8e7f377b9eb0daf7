"""The single scheduler of a deployment: APScheduler with its jobs in the database, run only by
the process holding the scheduler lease (scheduler.lease), started by `python bot.py scheduler`
or inside one `serve` worker (scheduler.service)."""
