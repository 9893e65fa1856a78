<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
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
        <source>--demo-password goes with --demo</source>
        <translation>--demo-password ist nur zusammen mit --demo zulässig</translation>
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
        <source>orders takes &apos;list&apos; or &apos;show ORDER&apos;</source>
        <translation>orders erwartet &apos;list&apos; oder &apos;show ORDER&apos;</translation>
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
        <source>usage: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] COMMAND ...
commands:
  init [--demo] [--demo-password P]
  catalog list | catalog show ITEM
  cart add ITEM [--set KEY=VALUE]... [--quantity N] | cart list | cart quantity LINE N
  cart remove LINE | cart clear
  checkout [--request-id ID] [--preview]
  orders list [--state S] | orders show ORDER
  approvals list | approvals approve ORDER [--comment C] | approvals reject ORDER --comment C
  audit list [--order ORDER] | audit verify
  workflows validate FILE | workflows start FILE [--set KEY=VALUE]...
  workflows list [--state S] | workflows show ID | workflows watch ID | workflows log ID [--step S]
  workflows pause|continue|cancel|rollback ID [--reason R]
  workflows retry|skip|complete ID --step S [--set KEY=VALUE]... [--reason R]
  engine run [--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle]
  connectors list | connectors show NAME | connectors set NAME --set KEY=VALUE...
  secrets set NAME (the value on standard input) | secrets delete NAME
  cmdb list | tickets list | mail outbox | mail deliver
  guests keys | guests forget GUEST
The password comes from ORDO_PASSWORD or is asked for without echo.</source>
        <translation>Aufruf: ordoctl [--db PATH] [--user NAME] [--tenant SLUG] [--json] COMMAND ...
Befehle:
  init [--demo] [--demo-password P]
  catalog list | catalog show ITEM
  cart add ITEM [--set KEY=VALUE]... [--quantity N] | cart list | cart quantity LINE N
  cart remove LINE | cart clear
  checkout [--request-id ID] [--preview]
  orders list [--state S] | orders show ORDER
  approvals list | approvals approve ORDER [--comment C] | approvals reject ORDER --comment C
  audit list [--order ORDER] | audit verify
  workflows validate FILE | workflows start FILE [--set KEY=VALUE]...
  workflows list [--state S] | workflows show ID | workflows watch ID | workflows log ID [--step S]
  workflows pause|continue|cancel|rollback ID [--reason R]
  workflows retry|skip|complete ID --step S [--set KEY=VALUE]... [--reason R]
  engine run [--workers N] [--lease-ms MS] [--max-lost-attempts N] [--until-idle]
  connectors list | connectors show NAME | connectors set NAME --set KEY=VALUE...
  secrets set NAME (der Wert auf der Standardeingabe) | secrets delete NAME
  cmdb list | tickets list | mail outbox | mail deliver
  guests keys | guests forget GUEST
Das Passwort wird aus ORDO_PASSWORD gelesen oder ohne Anzeige der Eingabe abgefragt.</translation>
    </message>
    <message>
        <source>guests takes &apos;keys&apos; or &apos;forget GUEST&apos;</source>
        <translation>guests erwartet &apos;keys&apos; oder &apos;forget GAST&apos;</translation>
    </message>
    <message>
        <source>--lease-ms %1 is not from %2 to %3</source>
        <translation>--lease-ms %1 liegt nicht zwischen %2 und %3</translation>
    </message>
</context>
</TS>
