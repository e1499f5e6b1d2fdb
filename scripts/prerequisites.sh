#!/usr/bin/env bash
# Checks, and installs where it can, what the test suite needs beyond Node and npm ci:
# Java 17+ (a JDK: the lab compiles DynamoDB Local's launcher), the official AWS CLI v2 at
# /usr/bin/aws, ApacheBench (ab), Chromium at /usr/bin/chromium, xmllint, boto3 and cfn-lint in the
# python3 on PATH, and infra/node_modules.
#
# As root with apt-get, missing Debian packages are installed; cfn-lint and boto3 fall back
# to `python3 -m pip install` when Debian has no package (or python3 is not Debian's); infra's
# dependencies come from `npm ci` in infra/. Otherwise (not root, no apt, an install failed)
# it stops before anything runs, naming each missing tool and the command that installs it,
# and exits 1. Run by `npm test` (its `pretest`) and so by .ci/run.
#
# MYSFITS_DR_PREREQ_NO_INSTALL=1 checks only, as a user without root would (nothing is
# installed, missing tools are reported).
set -uo pipefail
cd "$(dirname "$0")/.."

missing=() # "tool|why|command that installs it"
apt_pkgs=()
pip_pkgs=()
infra_ci=0

has_jdk() {
  command -v javac >/dev/null 2>&1 &&
    java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'
}
has_boto3() { python3 -c 'import boto3' >/dev/null 2>&1; }
has_cfn_lint() {
  command -v cfn-lint >/dev/null 2>&1 || python3 -c 'import cfnlint' >/dev/null 2>&1
}
infra_installed() {
  local lock=infra/node_modules/.package-lock.json
  [ -f "$lock" ] && [ ! "$lock" -ot infra/package-lock.json ]
}

check() {
  missing=() apt_pkgs=() pip_pkgs=() infra_ci=0
  has_jdk || {
    missing+=("Java 17+ JDK (java, javac)|the lab runs DynamoDB Local|apt-get install openjdk-17-jdk-headless")
    apt_pkgs+=(openjdk-17-jdk-headless)
  }
  [ -x /usr/bin/aws ] || {
    missing+=("AWS CLI v2 at /usr/bin/aws|lab tests of the official CLI, workshop-lab5|apt-get install awscli")
    apt_pkgs+=(awscli)
  }
  command -v ab >/dev/null 2>&1 || {
    missing+=("ApacheBench (ab)|workshop-lab5, observability|apt-get install apache2-utils")
    apt_pkgs+=(apache2-utils)
  }
  [ -x /usr/bin/chromium ] || {
    missing+=("Chromium at /usr/bin/chromium|the HTML report's browser test|apt-get install chromium")
    apt_pkgs+=(chromium)
  }
  command -v xmllint >/dev/null 2>&1 || {
    missing+=("xmllint|validating drill JUnit results against their XSD|apt-get install libxml2-utils")
    apt_pkgs+=(libxml2-utils)
  }
  has_boto3 || {
    missing+=("boto3 in python3 ($(command -v python3 || echo 'no python3'))|lab tests of boto3|apt-get install python3-boto3 (Debian's python3) or python3 -m pip install boto3")
    pip_pkgs+=(boto3)
  }
  has_cfn_lint || {
    missing+=("cfn-lint|linting infra's CloudFormation templates|python3 -m pip install cfn-lint (Debian 12 has no package)")
    pip_pkgs+=(cfn-lint)
  }
  infra_installed || {
    missing+=("infra/node_modules|infra's tests and cdk synth|(cd infra && npm ci)")
    infra_ci=1
  }
}

check
((${#missing[@]})) || {
  echo "prerequisites: all present (java, /usr/bin/aws, ab, /usr/bin/chromium, xmllint, boto3, cfn-lint, infra/node_modules)"
  exit 0
}

can_apt=0
if [ "${MYSFITS_DR_PREREQ_NO_INSTALL:-}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  can_apt=1
fi

if ((can_apt)); then
  # Debian's python3 gets boto3 from Debian; cfn-lint has no Debian package.
  if [[ " ${pip_pkgs[*]} " == *" boto3 "* ]] && [ "$(command -v python3)" = /usr/bin/python3 ]; then
    apt_pkgs+=(python3-boto3)
  fi
  if ((${#apt_pkgs[@]})); then
    echo "prerequisites: apt-get install ${apt_pkgs[*]}"
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_pkgs[@]}" >/dev/null ||
      echo "prerequisites: apt-get install failed" >&2
  fi
fi
if [ "${MYSFITS_DR_PREREQ_NO_INSTALL:-}" != 1 ]; then
  # pip only where it can reach an index (PyPI or a local one); a failure is reported below.
  has_boto3 || python3 -m pip install -q --disable-pip-version-check --retries 0 --timeout 15 boto3 >/dev/null 2>&1
  has_cfn_lint || python3 -m pip install -q --disable-pip-version-check --retries 0 --timeout 15 cfn-lint >/dev/null 2>&1
fi

check
# infra/ is a project folder: its npm ci needs no root, only that nothing else is missing.
if ((infra_ci)) && [ "${MYSFITS_DR_PREREQ_NO_INSTALL:-}" != 1 ] && ((${#missing[@]} == 1)); then
  echo "prerequisites: npm ci in infra/"
  (cd infra && npm ci --no-audit --no-fund) && check
fi

if ((${#missing[@]})); then
  {
    echo "prerequisites: the test suite cannot run; missing:"
    for m in "${missing[@]}"; do
      IFS='|' read -r tool why cmd <<<"$m"
      printf '  - %-44s for %s\n      install: %s\n' "$tool" "$why" "$cmd"
    done
    if ((!can_apt)) && [ "$(id -u)" != 0 ]; then
      echo "Run the install commands as root (sudo), or run 'npm test' as root on Debian/Ubuntu to install them."
    fi
  } >&2
  exit 1
fi
echo "prerequisites: all present"
