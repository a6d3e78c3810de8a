# Class-data sharing (JDK AppCDS) helpers shared by bin/lakeml and bin/local-cluster (sourced).
# An archive is recorded by a JVM started with -XX:ArchiveClassesAtExit=<partial>, a name of the
# recording process's own, and renamed only once it is known good: a concurrent JVM never maps a
# half-written archive.

# cds_keep STATUS PARTIAL ARCHIVE: a successful command's recording becomes ARCHIVE (true);
# anything else is removed (false): a usage error loads too little to be worth an archive, and a
# JVM ended by a signal may have left a partial file.
cds_keep() {
  if [ "$1" -eq 0 ] && [ -s "$2" ]; then
    mv -f "$2" "$3"
  else
    rm -f "$2"
    return 1
  fi
}
