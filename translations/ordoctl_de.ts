<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Text</name>
    <message>
        <source>told %1 that %2 failed</source>
        <translation>%1 benachrichtigt: %2 ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>at %1</source>
        <translation>bei %1</translation>
    </message>
    <message>
        <source>%1 waits</source>
        <translation>%1 wartet</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>ordoctl</name>
    <message>
        <source>option --%1 needs a value</source>
        <translation>Option --%1 benötigt einen Wert</translation>
    </message>
    <message>
        <source>unknown option --%1</source>
        <translation>unbekannte Option --%1</translation>
    </message>
    <message>
        <source>option --%1 does not apply to this command</source>
        <translation>Option --%1 gilt nicht für diesen Befehl</translation>
    </message>
    <message>
        <source>wrong number of arguments for &apos;%1&apos; (ordoctl --help shows the usage)</source>
        <translation>falsche Anzahl von Argumenten für &apos;%1&apos; (ordoctl --help zeigt die Aufrufweise)</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not a positive number</source>
        <translation>%1 &apos;%2&apos; ist keine positive Zahl</translation>
    </message>
    <message>
        <source>order %1  %2  by %3  %4/month  (%5 vCPUs, %6 GiB, %7 VMs)</source>
        <translation>Bestellung %1  %2  von %3  %4/Monat  (%5 vCPUs, %6 GiB, %7 VMs)</translation>
    </message>
    <message>
        <source>who are you? give --user NAME or set ORDO_USER</source>
        <translation>wer sind Sie? Geben Sie --user NAME an oder setzen Sie ORDO_USER</translation>
    </message>
    <message>
        <source>no password: set ORDO_PASSWORD or run ordoctl on a terminal</source>
        <translation>kein Passwort: setzen Sie ORDO_PASSWORD oder führen Sie ordoctl in einem Terminal aus</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos; (ordoctl --help lists the commands)</source>
        <translation>unbekannter Befehl &apos;%1&apos; (ordoctl --help listet die Befehle auf)</translation>
    </message>
    <message>
        <source>no command given (ordoctl --help lists the commands)</source>
        <translation>kein Befehl angegeben (ordoctl --help listet die Befehle auf)</translation>
    </message>
    <message>
        <source>database %1 ready (schema version %2)</source>
        <translation>Datenbank %1 bereit (Schemaversion %2)</translation>
    </message>
    <message>
        <source> (default %1)</source>
        <translation> (Standard: %1)</translation>
    </message>
    <message>
        <source> (required)</source>
        <translation> (erforderlich)</translation>
    </message>
    <message>
        <source>catalog takes &apos;list&apos; or &apos;show ITEM&apos;</source>
        <translation>catalog erwartet &apos;list&apos; oder &apos;show ITEM&apos;</translation>
    </message>
    <message>
        <source>--set &apos;%1&apos;: write KEY=VALUE</source>
        <translation>--set &apos;%1&apos;: schreiben Sie KEY=VALUE</translation>
    </message>
    <message>
        <source>--set: parameter &apos;%1&apos; is given twice</source>
        <translation>--set: Parameter &apos;%1&apos; ist doppelt angegeben</translation>
    </message>
    <message>
        <source>--quantity &apos;%1&apos; is not a number</source>
        <translation>--quantity &apos;%1&apos; ist keine Zahl</translation>
    </message>
    <message>
        <source>added line %1: %2 x%3 %4</source>
        <translation>Position %1 hinzugefügt: %2 x%3 %4</translation>
    </message>
    <message>
        <source>the cart is empty</source>
        <translation>der Warenkorb ist leer</translation>
    </message>
    <message>
        <source>cart line</source>
        <translation>Warenkorbposition</translation>
    </message>
    <message>
        <source>removed line %1</source>
        <translation>Position %1 entfernt</translation>
    </message>
    <message>
        <source>quantity &apos;%1&apos; is not a number</source>
        <translation>Menge &apos;%1&apos; ist keine Zahl</translation>
    </message>
    <message>
        <source>line %1 now has quantity %2</source>
        <translation>Position %1 hat jetzt die Menge %2</translation>
    </message>
    <message>
        <source>cart takes &apos;add&apos;, &apos;list&apos;, &apos;quantity&apos;, &apos;remove&apos; or &apos;clear&apos;</source>
        <translation>cart erwartet &apos;add&apos;, &apos;list&apos;, &apos;quantity&apos;, &apos;remove&apos; oder &apos;clear&apos;</translation>
    </message>
    <message>
        <source>price: %1 per month</source>
        <translation>Preis: %1 pro Monat</translation>
    </message>
    <message>
        <source>quota (%1): %2 vCPUs, %3 GiB, %4 VMs after this order</source>
        <translation>Kontingent (%1): %2 vCPUs, %3 GiB, %4 VMs nach dieser Bestellung</translation>
    </message>
    <message>
        <source>approval: automatic (within the policy&apos;s thresholds)</source>
        <translation>Genehmigung: automatisch (innerhalb der Schwellenwerte der Richtlinie)</translation>
    </message>
    <message>
        <source>approval: %1 by %2 of %3</source>
        <translation>Genehmigung: %1 durch %2 von %3</translation>
    </message>
    <message>
        <source>any</source>
        <translation>einen</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>policy violation: %1</source>
        <translation>Richtlinienverstoß: %1</translation>
    </message>
    <message>
        <source>--state &apos;%1&apos; is not an order state (submitted, pending-approval, approved, rejected, provisioning, completed, failed, cancelled)</source>
        <translation>--state &apos;%1&apos; ist kein Bestellstatus (submitted, pending-approval, approved, rejected, provisioning, completed, failed, cancelled)</translation>
    </message>
    <message>
        <source>order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>  %1 by %2 at %3: %4</source>
        <translation>  %1 von %2 am %3: %4</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>no orders wait for your decision</source>
        <translation>keine Bestellungen warten auf Ihre Entscheidung</translation>
    </message>
    <message>
        <source>a rejection needs a reason: give it with --comment</source>
        <translation>eine Ablehnung erfordert eine Begründung: geben Sie sie mit --comment an</translation>
    </message>
    <message>
        <source>approvals takes &apos;list&apos;, &apos;approve ORDER&apos; or &apos;reject ORDER&apos;</source>
        <translation>approvals erwartet &apos;list&apos;, &apos;approve ORDER&apos; oder &apos;reject ORDER&apos;</translation>
    </message>
    <message>
        <source>audit trail intact: %1 entries checked</source>
        <translation>Audit-Protokoll intakt: %1 Einträge geprüft</translation>
    </message>
    <message>
        <source>audit trail broken: %1</source>
        <translation>Audit-Protokoll beschädigt: %1</translation>
    </message>
    <message>
        <source>audit takes &apos;list&apos; or &apos;verify&apos;</source>
        <translation>audit erwartet &apos;list&apos; oder &apos;verify&apos;</translation>
    </message>
    <message>
        <source>--set: &apos;%1&apos; is given twice</source>
        <translation>--set: &apos;%1&apos; ist doppelt angegeben</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: valid (%2 version %3, %4 steps)</source>
        <translation>%1: gültig (%2 Version %3, %4 Schritte)</translation>
    </message>
    <message>
        <source>--state &apos;%1&apos; is not a workflow state (running, paused, succeeded, failed, rolling-back, rolled-back, cancelled)</source>
        <translation>--state &apos;%1&apos; ist kein Workflow-Status (running, paused, succeeded, failed, rolling-back, rolled-back, cancelled)</translation>
    </message>
    <message>
        <source>workflows %1 needs a workflow id</source>
        <translation>workflows %1 benötigt eine Workflow-ID</translation>
    </message>
    <message>
        <source>workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>workflow %1  %2 v%3  %4</source>
        <translation>Workflow %1  %2 v%3  %4</translation>
    </message>
    <message>
        <source> (compensation)</source>
        <translation> (Kompensation)</translation>
    </message>
    <message>
        <source>workflow %1 is %2</source>
        <translation>Workflow %1 hat den Status %2</translation>
    </message>
    <message>
        <source>no new step starts; an attempt that is already running finishes</source>
        <translation>es startet kein neuer Schritt; ein bereits laufender Versuch wird noch abgeschlossen</translation>
    </message>
    <message>
        <source>workflows %1 needs --step STEP</source>
        <translation>workflows %1 benötigt --step STEP</translation>
    </message>
    <message>
        <source>workflows takes validate, start, list, show, watch, log, pause, continue, cancel, rollback, retry, skip or complete</source>
        <translation>workflows erwartet validate, start, list, show, watch, log, pause, continue, cancel, rollback, retry, skip oder complete</translation>
    </message>
    <message>
        <source>engine takes &apos;run&apos;</source>
        <translation>engine erwartet &apos;run&apos;</translation>
    </message>
    <message>
        <source>--workers</source>
        <translation>--workers</translation>
    </message>
    <message>
        <source>--workers %1 is more than 64</source>
        <translation>--workers %1 ist größer als 64</translation>
    </message>
    <message>
        <source>--lease-ms</source>
        <translation>--lease-ms</translation>
    </message>
    <message>
        <source>--max-lost-attempts</source>
        <translation>--max-lost-attempts</translation>
    </message>
    <message>
        <source>--max-lost-attempts %1 is more than 1000</source>
        <translation>--max-lost-attempts %1 ist größer als 1000</translation>
    </message>
    <message>
        <source>the engine stopped: %1</source>
        <translation>die Engine wurde beendet: %1</translation>
    </message>
    <message>
        <source>configured</source>
        <translation>konfiguriert</translation>
    </message>
    <message>
        <source>embedded default</source>
        <translation>eingebauter Standard</translation>
    </message>
    <message>
        <source>connectors set NAME needs at least one --set KEY=VALUE</source>
        <translation>connectors set NAME benötigt mindestens ein --set KEY=VALUE</translation>
    </message>
    <message>
        <source>connector %1 configured</source>
        <translation>Connector %1 konfiguriert</translation>
    </message>
    <message>
        <source>connectors takes list, show NAME or set NAME --set KEY=VALUE...</source>
        <translation>connectors erwartet list, show NAME oder set NAME --set KEY=VALUE...</translation>
    </message>
    <message>
        <source>secrets takes &apos;set NAME&apos; (the value comes on standard input) or &apos;delete NAME&apos;</source>
        <translation>secrets erwartet &apos;set NAME&apos; (der Wert kommt auf der Standardeingabe) oder &apos;delete NAME&apos;</translation>
    </message>
    <message>
        <source>cannot read the secret from standard input</source>
        <translation>das Geheimnis kann nicht von der Standardeingabe gelesen werden</translation>
    </message>
    <message>
        <source>secret %1 stored in the keychain</source>
        <translation>Geheimnis %1 im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>secret %1 deleted</source>
        <translation>Geheimnis %1 gelöscht</translation>
    </message>
    <message>
        <source>%1 takes &apos;list&apos;</source>
        <translation>%1 erwartet &apos;list&apos;</translation>
    </message>
    <message>
        <source>  (removed)</source>
        <translation>  (entfernt)</translation>
    </message>
    <message>
        <source>mail takes &apos;outbox&apos; or &apos;deliver&apos;</source>
        <translation>mail erwartet &apos;outbox&apos; oder &apos;deliver&apos;</translation>
    </message>
    <message>
        <source>sent %1, to retry %2, failed %3</source>
        <translation>gesendet %1, erneut zu versuchen %2, gescheitert %3</translation>
    </message>
    <message>
        <source>guests takes &apos;keys&apos; or &apos;forget GUEST&apos;</source>
        <translation>guests erwartet &apos;keys&apos; oder &apos;forget GAST&apos;</translation>
    </message>
    <message>
        <source>--lease-ms %1 is not from %2 to %3</source>
        <translation>--lease-ms %1 liegt nicht zwischen %2 und %3</translation>
    </message>
    <message>
        <source>usage: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] NOUN [COMMAND] ...
       ordoctl NOUN [COMMAND] --help | ordoctl help [NOUN [COMMAND]] | ordoctl --version
nouns:
</source>
        <translation>Aufruf: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] NOUN [COMMAND] ...
        ordoctl NOUN [COMMAND] --help | ordoctl help [NOUN [COMMAND]] | ordoctl --version
Bereiche:
</translation>
    </message>
    <message>
        <source>options of every command:
  --db PATH      the database (default: %1)
  --user NAME    who you are (default: $ORDO_USER)
  --tenant SLUG  the tenant, for users of several tenants
  --json         machine-readable output
The password comes from ORDO_PASSWORD or is asked for without echo.
ordoctl NOUN --help lists the commands of a noun.</source>
        <translation>Optionen jedes Befehls:
  --db PATH      die Datenbank (Vorgabe: %1)
  --user NAME    wer Sie sind (Vorgabe: $ORDO_USER)
  --tenant SLUG  der Mandant, für Benutzer mehrerer Mandanten
  --json         maschinenlesbare Ausgabe
Das Passwort wird aus ORDO_PASSWORD gelesen oder ohne Anzeige der Eingabe abgefragt.
ordoctl NOUN --help listet die Befehle eines Bereichs.</translation>
    </message>
    <message>
        <source>usage: ordoctl [OPTIONS] %1
%2
commands:
</source>
        <translation>Aufruf: ordoctl [OPTIONEN] %1
%2
Befehle:
</translation>
    </message>
    <message>
        <source>%1 COMMAND ...</source>
        <translation>%1 COMMAND ...</translation>
    </message>
    <message>
        <source>ordoctl --help lists the options of every command.</source>
        <translation>ordoctl --help listet die Optionen jedes Befehls.</translation>
    </message>
    <message>
        <source>usage: ordoctl [OPTIONS] %1
%2
ordoctl --help lists the options of every command.</source>
        <translation>Aufruf: ordoctl [OPTIONEN] %1
%2
ordoctl --help listet die Optionen jedes Befehls.</translation>
    </message>
    <message>
        <source>creates or migrates the database</source>
        <translation>legt die Datenbank an oder migriert sie</translation>
    </message>
    <message>
        <source>the items your tenant is entitled to</source>
        <translation>die Artikel, die Ihrem Mandanten zustehen</translation>
    </message>
    <message>
        <source>lists the items</source>
        <translation>listet die Artikel</translation>
    </message>
    <message>
        <source>ITEM</source>
        <translation>ITEM</translation>
    </message>
    <message>
        <source>shows an item and its parameters</source>
        <translation>zeigt einen Artikel und seine Parameter</translation>
    </message>
    <message>
        <source>your cart, which survives restarts</source>
        <translation>Ihr Warenkorb, der Neustarts übersteht</translation>
    </message>
    <message>
        <source>ITEM [--set KEY=VALUE]... [--quantity N]</source>
        <translation>ITEM [--set KEY=VALUE]... [--quantity N]</translation>
    </message>
    <message>
        <source>adds an item, checked against its parameters</source>
        <translation>fügt einen Artikel hinzu, geprüft gegen seine Parameter</translation>
    </message>
    <message>
        <source>lists the lines of the cart</source>
        <translation>listet die Zeilen des Warenkorbs</translation>
    </message>
    <message>
        <source>LINE N</source>
        <translation>LINE N</translation>
    </message>
    <message>
        <source>sets the quantity of a line</source>
        <translation>setzt die Menge einer Zeile</translation>
    </message>
    <message>
        <source>LINE</source>
        <translation>LINE</translation>
    </message>
    <message>
        <source>removes a line</source>
        <translation>entfernt eine Zeile</translation>
    </message>
    <message>
        <source>empties the cart</source>
        <translation>leert den Warenkorb</translation>
    </message>
    <message>
        <source>turns the whole cart into one order</source>
        <translation>macht aus dem ganzen Warenkorb eine Bestellung</translation>
    </message>
    <message>
        <source>orders: customers see their own, approvers, support and admins the tenant&apos;s</source>
        <translation>Bestellungen: Kunden sehen ihre eigenen, Genehmiger, Support und Admins die des Mandanten</translation>
    </message>
    <message>
        <source>[--state S]</source>
        <translation>[--state S]</translation>
    </message>
    <message>
        <source>lists orders, or those in one state</source>
        <translation>listet Bestellungen, oder die in einem Zustand</translation>
    </message>
    <message>
        <source>ORDER</source>
        <translation>ORDER</translation>
    </message>
    <message>
        <source>shows an order with its lines and decisions</source>
        <translation>zeigt eine Bestellung mit ihren Zeilen und Entscheidungen</translation>
    </message>
    <message>
        <source>orders that wait for an approver&apos;s decision</source>
        <translation>Bestellungen, die auf die Entscheidung eines Genehmigers warten</translation>
    </message>
    <message>
        <source>lists the orders waiting for your decision</source>
        <translation>listet die Bestellungen, die auf Ihre Entscheidung warten</translation>
    </message>
    <message>
        <source>ORDER [--comment C]</source>
        <translation>ORDER [--comment C]</translation>
    </message>
    <message>
        <source>approves an order at your level</source>
        <translation>genehmigt eine Bestellung auf Ihrer Stufe</translation>
    </message>
    <message>
        <source>ORDER --comment C</source>
        <translation>ORDER --comment C</translation>
    </message>
    <message>
        <source>rejects an order, with the reason</source>
        <translation>lehnt eine Bestellung ab, mit Begründung</translation>
    </message>
    <message>
        <source>the audit trail</source>
        <translation>das Prüfprotokoll</translation>
    </message>
    <message>
        <source>[--order ORDER]</source>
        <translation>[--order ORDER]</translation>
    </message>
    <message>
        <source>lists the trail, or that of one order</source>
        <translation>listet das Protokoll, oder das einer Bestellung</translation>
    </message>
    <message>
        <source>checks the hash chain of the whole trail</source>
        <translation>prüft die Hash-Kette des ganzen Protokolls</translation>
    </message>
    <message>
        <source>workflows: validate, start, watch and support them</source>
        <translation>Workflows: prüfen, starten, verfolgen und betreuen</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>checks a definition: every error with line, column, code and JSON pointer</source>
        <translation>prüft eine Definition: jeden Fehler mit Zeile, Spalte, Code und JSON-Pointer</translation>
    </message>
    <message>
        <source>FILE [--set KEY=VALUE]...</source>
        <translation>FILE [--set KEY=VALUE]...</translation>
    </message>
    <message>
        <source>starts a standalone run and prints its id</source>
        <translation>startet einen eigenständigen Lauf und gibt seine ID aus</translation>
    </message>
    <message>
        <source>lists workflows, or those in one state</source>
        <translation>listet Workflows, oder die in einem Zustand</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>shows a workflow and its steps</source>
        <translation>zeigt einen Workflow und seine Schritte</translation>
    </message>
    <message>
        <source>follows a workflow&apos;s log until it ends</source>
        <translation>verfolgt das Protokoll eines Workflows, bis er endet</translation>
    </message>
    <message>
        <source>ID [--step S]</source>
        <translation>ID [--step S]</translation>
    </message>
    <message>
        <source>prints a workflow&apos;s log, or one step&apos;s</source>
        <translation>gibt das Protokoll eines Workflows aus, oder das eines Schritts</translation>
    </message>
    <message>
        <source>starts no new step</source>
        <translation>startet keinen neuen Schritt</translation>
    </message>
    <message>
        <source>continues a paused workflow</source>
        <translation>setzt einen angehaltenen Workflow fort</translation>
    </message>
    <message>
        <source>cancels a workflow</source>
        <translation>bricht einen Workflow ab</translation>
    </message>
    <message>
        <source>undoes the done steps by their compensations</source>
        <translation>macht die erledigten Schritte durch ihre Kompensationen rückgängig</translation>
    </message>
    <message>
        <source>runs a failed step again, with edited inputs</source>
        <translation>führt einen fehlgeschlagenen Schritt erneut aus, mit geänderten Eingaben</translation>
    </message>
    <message>
        <source>skips a failed step, with its outputs given by hand</source>
        <translation>überspringt einen fehlgeschlagenen Schritt, mit von Hand gegebenen Ausgaben</translation>
    </message>
    <message>
        <source>completes a human task</source>
        <translation>schließt eine manuelle Aufgabe ab</translation>
    </message>
    <message>
        <source>an engine in this process</source>
        <translation>eine Engine in diesem Prozess</translation>
    </message>
    <message>
        <source>how steps reach the outside world</source>
        <translation>wie Schritte die Außenwelt erreichen</translation>
    </message>
    <message>
        <source>lists the connectors: configured or the embedded default</source>
        <translation>listet die Konnektoren: konfiguriert oder die eingebaute Vorgabe</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>shows a connector&apos;s settings</source>
        <translation>zeigt die Einstellungen eines Konnektors</translation>
    </message>
    <message>
        <source>NAME --set KEY=VALUE...</source>
        <translation>NAME --set KEY=VALUE...</translation>
    </message>
    <message>
        <source>configures a connector, checked before it is stored</source>
        <translation>konfiguriert einen Konnektor, geprüft, bevor er gespeichert wird</translation>
    </message>
    <message>
        <source>secrets in the OS keychain</source>
        <translation>Geheimnisse im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>stores a secret; the value comes on standard input</source>
        <translation>speichert ein Geheimnis; der Wert kommt auf der Standardeingabe</translation>
    </message>
    <message>
        <source>deletes a secret</source>
        <translation>löscht ein Geheimnis</translation>
    </message>
    <message>
        <source>the embedded CMDB</source>
        <translation>die eingebaute CMDB</translation>
    </message>
    <message>
        <source>lists the configuration items</source>
        <translation>listet die Konfigurationselemente</translation>
    </message>
    <message>
        <source>the embedded ticket store</source>
        <translation>der eingebaute Ticketspeicher</translation>
    </message>
    <message>
        <source>lists the tickets</source>
        <translation>listet die Tickets</translation>
    </message>
    <message>
        <source>SSH host keys of guests, recorded at first contact</source>
        <translation>SSH-Hostschlüssel der Gäste, beim ersten Kontakt aufgezeichnet</translation>
    </message>
    <message>
        <source>lists the recorded host keys</source>
        <translation>listet die aufgezeichneten Hostschlüssel</translation>
    </message>
    <message>
        <source>GUEST</source>
        <translation>GUEST</translation>
    </message>
    <message>
        <source>forgets a guest&apos;s key, so that the next contact records its new one</source>
        <translation>vergisst den Schlüssel eines Gasts, damit der nächste Kontakt seinen neuen aufzeichnet</translation>
    </message>
    <message>
        <source>the mails Ordo wrote</source>
        <translation>die Mails, die Ordo geschrieben hat</translation>
    </message>
    <message>
        <source>lists every mail with its state</source>
        <translation>listet jede Mail mit ihrem Zustand</translation>
    </message>
    <message>
        <source>runs one round of SMTP delivery of the due mails</source>
        <translation>führt eine Runde SMTP-Zustellung der fälligen Mails aus</translation>
    </message>
    <message>
        <source>shell completion</source>
        <translation>Vervollständigung in der Shell</translation>
    </message>
    <message>
        <source>prints a bash completion script: source &lt;(ordoctl completion bash)</source>
        <translation>gibt ein Vervollständigungsskript für bash aus: source &lt;(ordoctl completion bash)</translation>
    </message>
    <message>
        <source>completion takes &apos;bash&apos;</source>
        <translation>completion erwartet &apos;bash&apos;</translation>
    </message>
    <message>
        <source>[--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle] [--verbose]</source>
        <translation>[--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle] [--verbose]</translation>
    </message>
    <message>
        <source>runs workflows and delivers mail, printing each workflow&apos;s start, steps and result (--verbose: every transition); --until-idle ends when nothing is runnable</source>
        <translation>führt Workflows aus und stellt Mails zu, mit Start, Schritten und Ergebnis jedes Workflows (--verbose: jeder Übergang); --until-idle endet, wenn nichts mehr ausführbar ist</translation>
    </message>
    <message>
        <source>usage records of metered resources</source>
        <translation>Nutzungsdatensätze gemessener Ressourcen</translation>
    </message>
    <message>
        <source>lists the usage records, or those of one order</source>
        <translation>listet die Nutzungsdatensätze auf, oder die einer Bestellung</translation>
    </message>
    <message>
        <source>%1  order %2  %3  %4 a month  since %5%6</source>
        <translation>%1  Bestellung %2  %3  %4 im Monat  seit %5%6</translation>
    </message>
    <message>
        <source>  until %1</source>
        <translation>  bis %1</translation>
    </message>
    <message>
        <source>ORDER --reason R</source>
        <translation>ORDER --reason R</translation>
    </message>
    <message>
        <source>cancels an order that is not finished; what it provisioned so far is rolled back</source>
        <translation>storniert eine nicht abgeschlossene Bestellung; was sie bisher bereitgestellt hat, wird zurückgerollt</translation>
    </message>
    <message>
        <source>orders takes &apos;list&apos;, &apos;show ORDER&apos; or &apos;cancel ORDER --reason R&apos;</source>
        <translation>orders erwartet &apos;list&apos;, &apos;show ORDER&apos; oder &apos;cancel ORDER --reason R&apos;</translation>
    </message>
    <message>
        <source>%1 holds no guest image (template.xml and guest_key): make one with scripts/make-guest-image %1</source>
        <translation>%1 enthält kein Gast-Image (template.xml und guest_key): erzeugen Sie eines mit scripts/make-guest-image %1</translation>
    </message>
    <message>
        <source>--demo-password and --real-vms go with --demo</source>
        <translation>--demo-password und --real-vms gehören zu --demo</translation>
    </message>
    <message>
        <source>your own settings: the SSH key installed in the VMs you order</source>
        <translation>Ihre eigenen Einstellungen: der SSH-Schlüssel, der in den von Ihnen bestellten VMs installiert wird</translation>
    </message>
    <message>
        <source>shows your name, mail address and SSH public key</source>
        <translation>zeigt Ihren Namen, Ihre Mailadresse und Ihren öffentlichen SSH-Schlüssel</translation>
    </message>
    <message>
        <source>FILE|- [--for USER]</source>
        <translation>DATEI|- [--for BENUTZER]</translation>
    </message>
    <message>
        <source>sets your SSH public key from FILE (- reads standard input); an admin may set a user&apos;s of their tenant with --for</source>
        <translation>setzt Ihren öffentlichen SSH-Schlüssel aus DATEI (- liest die Standardeingabe); ein Administrator kann mit --for den eines Benutzers seines Mandanten setzen</translation>
    </message>
    <message>
        <source>set-ssh-key needs a FILE (or - for standard input)</source>
        <translation>set-ssh-key braucht eine DATEI (oder - für die Standardeingabe)</translation>
    </message>
    <message>
        <source>[--for USER]</source>
        <translation>[--for BENUTZER]</translation>
    </message>
    <message>
        <source>removes your SSH public key</source>
        <translation>entfernt Ihren öffentlichen SSH-Schlüssel</translation>
    </message>
    <message>
        <source>profile takes &apos;show&apos;, &apos;set-ssh-key FILE|-&apos; or &apos;remove-ssh-key&apos;</source>
        <translation>profile erwartet &apos;show&apos;, &apos;set-ssh-key DATEI|-&apos; oder &apos;remove-ssh-key&apos;</translation>
    </message>
    <message>
        <source>user:    %1 (%2)</source>
        <translation>Benutzer:    %1 (%2)</translation>
    </message>
    <message>
        <source>mail:    %1</source>
        <translation>Mail:        %1</translation>
    </message>
    <message>
        <source>SSH key: none (set one with &apos;ordoctl profile set-ssh-key FILE&apos;)</source>
        <translation>SSH-Schlüssel: keiner (setzen Sie einen mit &apos;ordoctl profile set-ssh-key DATEI&apos;)</translation>
    </message>
    <message>
        <source>SSH key: %1</source>
        <translation>SSH-Schlüssel: %1</translation>
    </message>
    <message>
        <source>         %1</source>
        <translation>               %1</translation>
    </message>
    <message>
        <source>SSH key %1 %2 set</source>
        <translation>SSH-Schlüssel %1 %2 gesetzt</translation>
    </message>
    <message>
        <source>SSH key removed</source>
        <translation>SSH-Schlüssel entfernt</translation>
    </message>
    <message>
        <source>TICKET</source>
        <translation>TICKET</translation>
    </message>
    <message>
        <source>shows a ticket with its comments, oldest first</source>
        <translation>zeigt ein Ticket mit seinen Kommentaren, die ältesten zuerst</translation>
    </message>
    <message>
        <source>tickets takes &apos;list&apos; or &apos;show TICKET&apos;</source>
        <translation>tickets erwartet &apos;list&apos; oder &apos;show TICKET&apos;</translation>
    </message>
    <message>
        <source>ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>no ticket %1</source>
        <translation>kein Ticket %1</translation>
    </message>
    <message>
        <source>comments:</source>
        <translation>Kommentare:</translation>
    </message>
    <message>
        <source>[--request-id ID] [--cart-version V] [--preview]</source>
        <translation>[--request-id ID] [--cart-version V] [--preview]</translation>
    </message>
    <message>
        <source>orders the cart; the same request id gives the same order; --preview shows price, quotas, approvals and the cart&apos;s version, which --cart-version expects unchanged</source>
        <translation>bestellt den Warenkorb; dieselbe Anfrage-ID ergibt dieselbe Bestellung; --preview zeigt Preis, Kontingente, Genehmigungen und die Version des Warenkorbs, die --cart-version unverändert erwartet</translation>
    </message>
    <message>
        <source>cart version: %1 (checkout --cart-version %1 orders this cart only)</source>
        <translation>Warenkorbversion: %1 (checkout --cart-version %1 bestellt nur diesen Warenkorb)</translation>
    </message>
    <message>
        <source>ID --reason R</source>
        <translation>ID --reason R</translation>
    </message>
    <message>
        <source>ID --step S [--set KEY=VALUE]... --reason R</source>
        <translation>ID --step S [--set KEY=VALUE]... --reason R</translation>
    </message>
    <message>
        <source>ID --step S [--set KEY=VALUE]...</source>
        <translation>ID --step S [--set KEY=VALUE]...</translation>
    </message>
    <message>
        <source>--db and --shared name two databases: give the shared one once, with --shared</source>
        <translation>--db und --shared nennen zwei Datenbanken: die gemeinsame einmal angeben, mit --shared</translation>
    </message>
    <message>
        <source>[--shared URL [--role-prefix P]] [--demo] [--demo-password P] [--real-vms IMAGE]</source>
        <translation>[--shared URL [--role-prefix P]] [--demo] [--demo-password P] [--real-vms IMAGE]</translation>
    </message>
    <message>
        <source>--shared &apos;%1&apos;: a shared database is a PostgreSQL URL (postgresql://host/ordo)</source>
        <translation>--shared &apos;%1&apos;: eine gemeinsame Datenbank ist eine PostgreSQL-URL (postgresql://host/ordo)</translation>
    </message>
    <message>
        <source>--role-prefix goes with --shared</source>
        <translation>--role-prefix gehört zu --shared</translation>
    </message>
    <message>
        <source>the people of your tenant: an admin adds or disables them</source>
        <translation>die Personen Ihres Mandanten: ein Admin fügt sie hinzu oder deaktiviert sie</translation>
    </message>
    <message>
        <source>NAME --role ROLE [--role ROLE] [--group GROUP] [--display-name TEXT] [--email ADDRESS]</source>
        <translation>NAME --role ROLLE [--role ROLLE] [--group GRUPPE] [--display-name TEXT] [--email ADRESSE]</translation>
    </message>
    <message>
        <source>adds a person to your tenant with these roles (customer, approver, support, admin) and approver groups; their password comes from ORDO_NEW_PASSWORD or is asked for on the terminal; on a shared database they also get a login role of their own</source>
        <translation>fügt Ihrem Mandanten eine Person mit diesen Rollen (customer, approver, support, admin) und Genehmigergruppen hinzu; ihr Passwort kommt aus ORDO_NEW_PASSWORD oder wird im Terminal erfragt; in einer gemeinsamen Datenbank bekommt sie auch eine eigene Anmelderolle</translation>
    </message>
    <message>
        <source>add needs the new person&apos;s NAME</source>
        <translation>add braucht den NAMEN der neuen Person</translation>
    </message>
    <message>
        <source>disables a person: they no longer log in, and on a shared database their open sessions end</source>
        <translation>deaktiviert eine Person: sie meldet sich nicht mehr an, und in einer gemeinsamen Datenbank enden ihre offenen Sitzungen</translation>
    </message>
    <message>
        <source>disable needs the person&apos;s NAME</source>
        <translation>disable braucht den NAMEN der Person</translation>
    </message>
    <message>
        <source>--role &apos;%1&apos;: write customer, approver, support or admin</source>
        <translation>--role &apos;%1&apos;: customer, approver, support oder admin angeben</translation>
    </message>
    <message>
        <source>no password for %1: set ORDO_NEW_PASSWORD or run ordoctl on a terminal</source>
        <translation>kein Passwort für %1: ORDO_NEW_PASSWORD setzen oder ordoctl in einem Terminal ausführen</translation>
    </message>
    <message>
        <source>%1 added to %2</source>
        <translation>%1 zu %2 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 is disabled</source>
        <translation>%1 ist deaktiviert</translation>
    </message>
    <message>
        <source>creates or migrates the database; --demo fills a new one with the demo; --real-vms makes the demo provision real QEMU VMs (qemu:///system) from the guest image in IMAGE (scripts/make-guest-image); --shared URL makes a PostgreSQL database shared: a group role P+person (P is ordo_ unless --role-prefix says otherwise) that reads through row-level security, and with --demo a login role P+NAME for every person of the demo, with the demo password; engines log in as P+engine, with the password in ORDO_ENGINE_PASSWORD (the demo&apos;s password with --demo)</source>
        <translation>legt die Datenbank an oder migriert sie; --demo füllt eine neue mit der Demo; --real-vms lässt die Demo echte QEMU-VMs (qemu:///system) aus dem Gast-Image in IMAGE bereitstellen (scripts/make-guest-image); --shared URL macht eine PostgreSQL-Datenbank gemeinsam: eine Gruppenrolle P+person (P ist ordo_, sofern --role-prefix nichts anderes sagt), die über Sicherheit auf Zeilenebene liest, und mit --demo eine Anmelderolle P+NAME für jede Person der Demo, mit dem Demo-Passwort; Engines melden sich als P+engine an, mit dem Passwort aus ORDO_ENGINE_PASSWORD (mit --demo dem Passwort der Demo)</translation>
    </message>
    <message>
        <source>the engines&apos; role %1 has no login yet: run init --shared again with ORDO_ENGINE_PASSWORD set</source>
        <translation>Die Rolle der Engines %1 kann sich noch nicht anmelden: Führen Sie init --shared erneut mit gesetztem ORDO_ENGINE_PASSWORD aus</translation>
    </message>
    <message>
        <source>engines log in as %1</source>
        <translation>Engines melden sich als %1 an</translation>
    </message>
    <message>
        <source>writes the whole database to a file, to import into a shared one</source>
        <translation>schreibt die ganze Datenbank in eine Datei, zum Import in eine gemeinsame</translation>
    </message>
    <message>
        <source>writes every row (people and their password hashes, orders, workflows, the audit trail) to FILE as JSON lines; the provider&apos;s admins only (any admin of an embedded database); keep FILE as secret as the database</source>
        <translation>schreibt jede Zeile (Personen mit ihren Passwort-Hashes, Bestellungen, Workflows, den Audit-Trail) als JSON-Zeilen in FILE; nur für die Administratoren des Anbieters (bei einer eingebetteten Datenbank jeder ihrer Administratoren); halten Sie FILE so geheim wie die Datenbank</translation>
    </message>
    <message>
        <source>export needs the FILE to write</source>
        <translation>export braucht die zu schreibende FILE</translation>
    </message>
    <message>
        <source>fills a new shared database from an export</source>
        <translation>füllt eine neue gemeinsame Datenbank aus einem Export</translation>
    </message>
    <message>
        <source>imports FILE, written by ordoctl export, into the new, empty PostgreSQL database of --db; the audit key (from this host&apos;s keychain) must be the export&apos;s; all of it or nothing</source>
        <translation>importiert FILE, geschrieben von ordoctl export, in die neue, leere PostgreSQL-Datenbank von --db; der Audit-Schlüssel (aus dem Schlüsselbund dieses Hosts) muss der des Exports sein; alles oder nichts</translation>
    </message>
    <message>
        <source>import needs the FILE an export wrote</source>
        <translation>import braucht die FILE, die ein Export geschrieben hat</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 rows of schema version %2 written to %3</source>
        <translation>%1 Zeilen der Schemaversion %2 in %3 geschrieben</translation>
    </message>
    <message>
        <source>%1 rows of schema version %2 imported into %3</source>
        <translation>%1 Zeilen der Schemaversion %2 in %3 importiert</translation>
    </message>
    <message>
        <source>gives a person (yourself, or as an admin someone of your tenant) a new password from ORDO_NEW_PASSWORD or the terminal; on a shared database their login role gets it too, and one is made for people who came with an import</source>
        <translation>gibt einer Person (Ihnen selbst oder als Administrator jemandem Ihres Mandanten) ein neues Passwort aus ORDO_NEW_PASSWORD oder vom Terminal; in einer gemeinsamen Datenbank bekommt es auch ihre Anmelderolle, und Personen aus einem Import bekommen eine</translation>
    </message>
    <message>
        <source>password needs the person&apos;s NAME</source>
        <translation>password braucht den NAME der Person</translation>
    </message>
    <message>
        <source>users takes &apos;add NAME --role ROLE&apos;, &apos;disable NAME&apos; or &apos;password NAME&apos;</source>
        <translation>users nimmt &apos;add NAME --role ROLE&apos;, &apos;disable NAME&apos; oder &apos;password NAME&apos;</translation>
    </message>
    <message>
        <source>%1 has a new password</source>
        <translation>%1 hat ein neues Passwort</translation>
    </message>
</context>
</TS>
