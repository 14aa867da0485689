#!/usr/bin/env bash
# Validate a `factcheck report --pdf-a` briefing with Apache PDFBox Preflight (Debian's
# libpdfbox2-java, installed here with apt-get if missing, with the Java runtime and the two
# libraries Java 11+ no longer ships that Preflight needs: JavaBeans Activation and JAXB).
#
# PDFBox 2's Preflight checks PDF/A-1b only (Validator_A1b); there is no PDF/A-2 validator in
# Debian. The briefing is PDF/A-2b, written so that it also meets PDF/A-1b's stricter rules
# (a cross-reference table, no optional content, no transparency, CIDSet for subset fonts), so
# every PDF/A-1b rule is checked. The one finding accepted is the identification itself:
# "7.11.2 : Error on MetaData, part must be 1", and only when the file's XMP says
# pdfaid:part 2 and pdfaid:conformance B. Any other finding fails.
#
# Usage: scripts/pdfa-preflight.sh FILE.pdf
set -euo pipefail
pdf=${1:?usage: scripts/pdfa-preflight.sh FILE.pdf}
[[ -f $pdf ]] || { echo "pdfa-preflight: no such file: $pdf" >&2; exit 2; }

java_dir=/usr/share/java
jars=(preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api)
missing() {
    command -v java >/dev/null 2>&1 || return 0
    for jar in "${jars[@]}"; do
        [[ -f $java_dir/$jar.jar ]] || return 0
    done
    return 1
}
if missing; then
    echo "pdfa-preflight: installing PDFBox Preflight (apt-get)" >&2
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java) >/dev/null 2>&1 || true
fi
if missing; then
    echo "pdfa-preflight: PDFBox Preflight could not be installed" >&2
    exit 1
fi
classpath=$(printf "$java_dir/%s.jar:" "${jars[@]}")

# The identification the accepted finding is about.
grep -a -q '<pdfaid:part>2</pdfaid:part>' "$pdf" && grep -a -q '<pdfaid:conformance>B</pdfaid:conformance>' "$pdf" || {
    echo "pdfa-preflight: $pdf does not identify itself as PDF/A-2b in its XMP metadata" >&2
    exit 1
}

set +e
report=$(java -cp "${classpath%:}" org.apache.pdfbox.preflight.Validator_A1b "$pdf" 2>&1)
set -e
accepted='7.11.2 : Error on MetaData, part must be 1'
# Findings are lines "CODE : message"; anything else (a Java exception) is a failure too.
findings=$(grep -E '^[0-9]+(\.[0-9]+)* : ' <<<"$report" | grep -v -x -F "$accepted" || true)
if [[ -n $findings ]] || ! grep -q -E "is a valid PDF/A-1b file|^$accepted\$" <<<"$report"; then
    echo "$report" >&2
    echo "pdfa-preflight: $pdf FAILS PDFBox Preflight's PDF/A-1b rules" >&2
    exit 1
fi
echo "pdfa-preflight: $pdf passes every PDF/A-1b rule of PDFBox Preflight $(unzip -p "$java_dir/preflight.jar" META-INF/maven/org.apache.pdfbox/preflight/pom.properties 2>/dev/null | sed -n 's/^version=//p')"
echo "pdfa-preflight: (its one finding, \"part must be 1\", is the file's PDF/A-2b identification)"
