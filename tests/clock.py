"""A clock a test moves by hand: the code under test calls it for the time, the test sets `now`."""


class ManualClock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now
