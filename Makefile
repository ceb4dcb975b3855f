# Entry points; the real work is in scripts/. `make test ARGS="-k foo"` passes ARGS to pytest.
ARGS ?=

.PHONY: run test bench install clean

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

bench:
	bash scripts/bench.sh

install:
	bash scripts/venv.sh

clean:
	rm -rf .venv var
