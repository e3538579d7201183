# catool's messages in English, registry area. Every entry has its twin in i18n/zh-CN/registry.ftl;
# the code names each one with msg!("id") (src/i18n/tests.rs checks both).

## Opening the registry
registry-no-directory = cannot open registry { $path }: directory { $dir } does not exist
registry-no-directory-hint = create the directory, or choose another --db
registry-is-directory = cannot open registry { $path }: it is a directory
registry-is-directory-hint = give a file path with --db
registry-synthetic-exists = { $path } already exists: the registry generator writes only a new registry and master key, and never replaces one
registry-synthetic-exists-hint = choose a path where neither the registry nor its .key file exists, or remove the old ones first
registry-copy-source-missing = no registry at { $path } to copy
registry-copy-source-hint = check --from: a registry file that exists, or a postgres:// URL
registry-copy-same = --from and --to name the same registry ({ $path })
registry-copy-target-not-empty = { $target } is not empty ({ $table } holds rows): a registry is copied only into a new file or an empty database; nothing was changed
registry-copy-target-hint = name a file that does not exist yet, or an empty database (createdb catool_new)
registry-copy-col-table = TABLE
registry-copy-col-rows = ROWS
registry-copy-done = copied { $rows } rows from { $from } to { $to }, and recorded the copy there as event { $event }; `catool log verify` on the copy, with the same master key, checks it
registry-cannot-open = cannot open registry { $path }: { $why }
registry-cannot-open-hint = check that the directory is writable
registry-link-found = { $path } is now a symbolic link (it was not when the command started): catool does not follow it
registry-link-found-hint = find out who replaced it, then run the command again
registry-not-a-registry = { $path } is not a catool registry ({ $why })
registry-not-a-registry-hint = point --db at a catool registry or a new file
registry-not-sqlite = not an SQLite database
registry-other-application = an SQLite database of another application
registry-cannot-write = cannot write registry { $path }: { $why }
registry-check-permissions-hint = check the file's and its directory's permissions
registry-not-wal = cannot switch registry { $path } to WAL mode (got '{ $mode }')
registry-not-wal-hint = is it on a network file system? Keep the registry on a local disk

## Listings in pages (--limit, --offset)
registry-page-more = { $shown } rows shown from row { $from }; more follow: add --offset { $next } for the next page, or --limit 0 for all

## Its schema
registry-cannot-lock = cannot lock registry: { $why }
registry-try-again-hint = another catool is using it; try again
registry-newer = registry { $path } was written by a newer catool (schema v{ $version }; this catool knows up to v{ $known })
registry-newer-hint = upgrade catool to use it
registry-migration-failed = registry { $path } cannot be brought to schema v{ $to }: { $why }
registry-restore-hint = its schema was altered (check `PRAGMA user_version`); restore it from a backup
registry-migration-dangling = migration to v{ $to }: rows would refer to missing rows; the registry was left as it was
registry-altered = registry { $path } was altered outside catool: { $problem }{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more)
    }
registry-altered-hint = run `catool log verify` to see what else changed, and restore the registry from a backup
registry-schema-dropped = { $object_kind } { $object } is missing (dropped)
registry-schema-redefined = { $object_kind } { $object } was redefined (its SQL differs from catool's)
registry-schema-added = { $object_kind } { $object } was added (catool does not make it)

## Using it
registry-busy = registry busy for more than { $secs }s (another catool is writing)
registry-read-only = registry is read-only: { $why }
registry-unknown-value = the registry holds '{ $value }' as a { $what }, which catool never writes
registry-append-failed = cannot append history event: { $why }
registry-wrong-kind = the registry holds '{ $value }' where catool keeps another kind of value (bytes that are not UTF-8 shown as �), which catool never writes

## What the schema refuses
registry-slot-has-certificate = slot { $slot } already has a live certificate; another catool may have just issued it
registry-slot-has-certificate-hint = see it with `catool cert list`
registry-account-already-bound = cannot bind (无法绑定) certificate { $cert }: person { $person } already has a certificate of this enterprise bound
registry-account-already-bound-hint = unbind that one first (`catool cert unbind`)
registry-owner-permanent = cannot change the owner (无法修改所属人) of slot { $slot }: once set, a slot's owner is permanent
registry-ca-name-taken = a CA named '{ $name }' already exists
registry-tsa-name-taken = a TSA named '{ $name }' already exists
registry-name-taken-hint = choose another --name
registry-uscc-taken = cannot register (无法注册): an enterprise with USCC { $uscc } is already registered
registry-uscc-taken-hint = `catool org list` shows it
registry-person-taken = cannot register (无法注册): a person with { $id_type } ID number { $id_number } is already registered
registry-person-taken-hint = `catool person list` shows them
registry-id-type-resident = resident
registry-id-type-passport = passport
registry-id-type-other = other
registry-second-admin = cannot add a second administrator (无法添加管理员): enterprise { $org } already has one
registry-second-admin-hint = use `catool org transfer-admin`

## Rows that are not there, or not one
registry-cert-not-found = no certificate { $cert } in the registry
registry-cert-not-found-hint = see catool cert list
registry-slot-not-found = no slot { $slot } in the registry
registry-slot-not-found-hint = a paid package's slots: catool package show
registry-seal-not-found = no seal { $seal } in the registry
registry-seal-not-found-hint = see catool seal list
registry-grant-not-found = no seal grant { $grant } in the registry
registry-grant-not-found-hint = see catool seal show
registry-ca-not-found = no CA '{ $ca }' in the registry
registry-ca-list-hint = see catool ca list
registry-tsa-not-found = no TSA '{ $tsa }' in the registry
registry-tsa-list-hint = see catool tsa list
registry-org-not-found = no enterprise '{ $org }' in the registry
registry-org-not-found-hint = give an id, USCC or exact name; see catool org list
registry-person-not-found = no person '{ $person }' in the registry
registry-person-not-found-hint = give an id, ID number or exact name; see catool person list
registry-no-ca = no CA in the registry
registry-no-ca-hint = create one with `catool ca init --name N --algo sm2`
registry-no-tsa = no TSA in the registry
registry-no-tsa-hint = create one with `catool tsa init --ca CA`
registry-several-cas = the registry has { $count } CAs
registry-several-cas-hint = choose one with --ca (see catool ca list)
registry-several-tsas = the registry has { $count } TSAs
registry-several-tsas-hint = choose one with --tsa (see catool tsa list)
registry-org-ambiguous = enterprise '{ $org }' is ambiguous: { $count } match, ids { $candidates }
registry-org-ambiguous-hint = use its id or USCC (each candidate shows its USCC)
registry-person-ambiguous = person '{ $person }' is ambiguous: { $count } match, ids { $candidates }
registry-person-ambiguous-hint = use the id or ID number (each candidate shows the last four characters of its ID number)

## The registry's vocabulary: what a stored value was read as
vocab-certificate-status = certificate status
vocab-certificate-kind = certificate kind
vocab-slot-state = slot state
vocab-package-status = package status
vocab-seal-state = seal state
vocab-seal-source = seal source
vocab-grant-state = seal grant state
vocab-role = membership role
vocab-event-outcome = history outcome
vocab-key-algorithm = key algorithm
vocab-seal-kind = seal kind
vocab-id-type = ID document type
vocab-auth-method = authorization method
vocab-time = time

## What `log verify` finds in a stored event
finding-event-unreadable = event #{ $seq } holds '{ $value }', which catool never writes

## A registry on a PostgreSQL server (--db postgres://…)
registry-pg-bad-url = cannot use the registry address { $url }: { $why }
registry-pg-bad-url-hint = write it as postgres://USER@HOST[:PORT]/DBNAME, or postgres://USER@/DBNAME?host=/run/postgresql for a local socket; options: sslmode, sslrootcert, connect_timeout
registry-pg-cannot-connect = cannot connect to the registry server { $server }: { $why }
registry-pg-cannot-connect-hint = check that the server is running, that host, port or socket directory are right, and that the database exists (createdb)
registry-pg-login-refused = the registry server { $server } refused the login of role { $user }: { $why }
registry-pg-login-refused-hint = check the role's password (give it in PGPASSWORD rather than in the URL) and the server's pg_hba.conf
registry-pg-other-application = the database { $server } holds tables of another application, not a catool registry
registry-pg-other-application-hint = create an empty database owned by catool's role (createdb -O ROLE DBNAME) and point --db at it
registry-pg-read-only = role { $user } may only read the registry { $server }
registry-pg-read-only-hint = use the role that owns catool's tables, or have it granted INSERT, UPDATE and DELETE on them; a standby server is read-only: use the primary
registry-pg-connection-lost = lost the connection to the registry server { $server }: { $why }; nothing of this command was committed
registry-pg-connection-lost-hint = check the server and the network, then run the command again
registry-pg-server-error = the registry server { $server } refused a statement: { $why }
registry-constraint = a rule of the registry's schema refused the change: { $why }
anchor-object-seal = seal { $id }
anchor-object-org = enterprise { $id }
anchor-object-membership = person { $person }'s membership of enterprise { $id }
finding-actor-not-admin = event #{ $seq } ({ $action } by { $actor }) needs the administrator of enterprise { $org }, which its history did not make { $actor } when it was written (a role or an enterprise changed outside catool for the command)
anchor-cert-row-missing = certificate { $cert } is revoked or on hold by its keyed history (event #{ $seq } { $action }), but the registry has no certificate { $cert }: its row was renumbered or deleted outside catool, and no CRL is signed without it
anchor-event-altered = { $object }: event #{ $seq } { $action } about it fails its check (altered, or written without the master key), so what the registry says of it is not believed
registry-copy-stale-removed = removed what interrupted copies into the same file had left: { $files }
