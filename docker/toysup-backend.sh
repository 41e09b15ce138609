# Sourced by the Jupyter Docker Stacks start script (start.sh runs /usr/local/bin/before-notebook.d/*.sh) before
# Jupyter starts, so the GoNB kernel inherits what it exports.
#
# TOYSUP_BACKEND selects GoMLX's backend for the notebooks: "go" (pure Go, the default) or "xla:cpu" / "xla:cuda".
# The XLA backends exist only in programs built with `-tags xla`, so for those GoNB must build every cell with that
# tag: GOFLAGS carries it.
case "${TOYSUP_BACKEND:-go}" in
xla*)
	case " ${GOFLAGS:-} " in
	*" -tags=xla "*) ;;
	*) export GOFLAGS="${GOFLAGS:+${GOFLAGS} }-tags=xla" ;;
	esac
	echo "toysup: TOYSUP_BACKEND=${TOYSUP_BACKEND}: notebook cells build with GOFLAGS=${GOFLAGS}"
	;;
esac
