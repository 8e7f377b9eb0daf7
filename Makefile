# Shorthands for the README's two commands (dev.py needs nothing but Python 3.11).
.PHONY: run test install
run:
	python3 dev.py run
test:
	python3 dev.py test
install:
	python3 dev.py install
