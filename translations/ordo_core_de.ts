<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ordo::Accounts</name>
    <message>
        <source>tenant &apos;%1&apos;: a tenant name is 1-32 lower-case letters, digits, dots, dashes or underscores, starting with a letter</source>
        <translation>Mandant &apos;%1&apos;: ein Mandantenname besteht aus 1 bis 32 Kleinbuchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen und beginnt mit einem Buchstaben</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: a user name is 1-32 lower-case letters, digits, dots, dashes or underscores, starting with a letter</source>
        <translation>Benutzer &apos;%1&apos;: ein Benutzername besteht aus 1 bis 32 Kleinbuchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen und beginnt mit einem Buchstaben</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; belongs to no tenant</source>
        <translation>Benutzer &apos;%1&apos; gehört zu keinem Mandanten</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; belongs to several tenants: name one with --tenant</source>
        <translation>Benutzer &apos;%1&apos; gehört zu mehreren Mandanten: geben Sie einen mit --tenant an</translation>
    </message>
    <message>
        <source>no tenant &apos;%1&apos;</source>
        <translation>Mandant &apos;%1&apos; nicht gefunden</translation>
    </message>
    <message>
        <source>only support and admin roles cover every tenant, not &apos;%1&apos;</source>
        <translation>nur Support- und Administratorrollen gelten für alle Mandanten, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>all tenants</source>
        <translation>alle Mandanten</translation>
    </message>
    <message>
        <source>no SSH public key given</source>
        <translation>kein öffentlicher SSH-Schlüssel angegeben</translation>
    </message>
    <message>
        <source>this is a private key: give the public one (the .pub file)</source>
        <translation>das ist ein privater Schlüssel: geben Sie den öffentlichen an (die .pub-Datei)</translation>
    </message>
    <message>
        <source>give one SSH public key, on one line</source>
        <translation>geben Sie einen öffentlichen SSH-Schlüssel an, in einer Zeile</translation>
    </message>
    <message>
        <source>not an OpenSSH public key: a key is one line &apos;TYPE KEY [COMMENT]&apos; with TYPE one of %1</source>
        <translation>kein öffentlicher OpenSSH-Schlüssel: ein Schlüssel ist eine Zeile &apos;TYP SCHLÜSSEL [KOMMENTAR]&apos; mit TYP aus %1</translation>
    </message>
    <message>
        <source>the SSH public key is damaged: its key part is not a %1 key</source>
        <translation>der öffentliche SSH-Schlüssel ist beschädigt: sein Schlüsselteil ist kein %1-Schlüssel</translation>
    </message>
    <message>
        <source>the key&apos;s comment &apos;%1&apos; may only hold letters, digits, spaces and @._+=:,/-</source>
        <translation>der Kommentar &apos;%1&apos; des Schlüssels darf nur Buchstaben, Ziffern, Leerzeichen und @._+=:,/- enthalten</translation>
    </message>
    <message>
        <source>only %1 or an admin of their tenant may set their SSH key</source>
        <translation>nur %1 oder ein Administrator des Mandanten darf diesen SSH-Schlüssel setzen</translation>
    </message>
    <message>
        <source>no user &apos;%1&apos; in tenant %2</source>
        <translation>kein Benutzer &apos;%1&apos; im Mandanten %2</translation>
    </message>
    <message>
        <source>%1 belongs to other tenants too: only they, or an admin of each of their tenants, set their SSH key</source>
        <translation>%1 gehört auch zu anderen Mandanten: nur %1 selbst oder ein Administrator jedes dieser Mandanten darf den SSH-Schlüssel setzen</translation>
    </message>
    <message>
        <source>the SSH public key is longer than %1 characters: no real public key is</source>
        <translation>der öffentliche SSH-Schlüssel ist länger als %1 Zeichen: kein echter öffentlicher Schlüssel ist das</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; exists already</source>
        <translation>Benutzer &apos;%1&apos; gibt es schon</translation>
    </message>
    <message>
        <source>only an admin of %1 adds people to it</source>
        <translation>nur ein Admin von %1 fügt dort Personen hinzu</translation>
    </message>
    <message>
        <source>name the tenant that %1 joins (--tenant)</source>
        <translation>den Mandanten nennen, dem %1 beitritt (--tenant)</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: give at least one role</source>
        <translation>Benutzer &apos;%1&apos;: mindestens eine Rolle angeben</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: approver groups go with the approver role</source>
        <translation>Benutzer &apos;%1&apos;: Genehmigergruppen gehören zur Rolle approver</translation>
    </message>
    <message>
        <source>you cannot disable yourself: ask another admin</source>
        <translation>Sie können sich nicht selbst deaktivieren: fragen Sie einen anderen Admin</translation>
    </message>
    <message>
        <source>only admins disable people</source>
        <translation>nur Admins deaktivieren Personen</translation>
    </message>
    <message>
        <source>%1 belongs to other tenants too: only an admin of each of them, or the provider&apos;s, disables them</source>
        <translation>%1 gehört auch zu anderen Mandanten: nur ein Admin jedes dieser Mandanten oder einer des Providers deaktiviert die Person</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; is disabled: ask an admin of your tenant</source>
        <translation>Benutzer &apos;%1&apos; ist deaktiviert: fragen Sie einen Admin Ihres Mandanten</translation>
    </message>
    <message>
        <source>only admins set other people&apos;s passwords</source>
        <translation>Nur Administratoren setzen die Passwörter anderer Personen</translation>
    </message>
    <message>
        <source>%1 belongs to other tenants too: only an admin of each of them, or the provider&apos;s, sets their password</source>
        <translation>%1 gehört auch zu anderen Mandanten: Nur ein Administrator jedes dieser Mandanten oder einer des Anbieters setzt das Passwort</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; is disabled: they get no password</source>
        <translation>Benutzer &apos;%1&apos; ist deaktiviert: Er bekommt kein Passwort</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: the name is kept for the roles of a shared database</source>
        <translation>Benutzer &apos;%1&apos;: Der Name ist den Rollen einer gemeinsamen Datenbank vorbehalten</translation>
    </message>
    <message>
        <source>this login is no user of Ordo, or a disabled one: ask an admin of your tenant</source>
        <translation>diese Anmeldung gehört keinem Benutzer von Ordo oder einem deaktivierten: fragen Sie einen Admin Ihres Mandanten</translation>
    </message>
</context>
<context>
    <name>ordo::Approvals</name>
    <message>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>order %1 is already %2: decided by %3 at %4</source>
        <translation>Bestellung %1 hat bereits den Status %2: entschieden von %3 am %4</translation>
    </message>
    <message>
        <source>order %1 is already %2</source>
        <translation>Bestellung %1 hat bereits den Status %2</translation>
    </message>
    <message>
        <source>only approvers of %1 have an approval queue</source>
        <translation>nur Genehmiger von %1 haben eine Genehmigungswarteschlange</translation>
    </message>
    <message>
        <source>a rejection needs a reason: give it with --comment</source>
        <translation>eine Ablehnung erfordert eine Begründung: geben Sie sie mit --comment an</translation>
    </message>
    <message>
        <source>the comment is longer than 2000 characters</source>
        <translation>der Kommentar ist länger als 2000 Zeichen</translation>
    </message>
    <message>
        <source>no order %1</source>
        <translation>Bestellung %1 nicht gefunden</translation>
    </message>
    <message>
        <source>only approvers of %1 decide on orders</source>
        <translation>nur Genehmiger von %1 entscheiden über Bestellungen</translation>
    </message>
    <message>
        <source>you requested order %1 yourself: another approver must decide on it</source>
        <translation>Sie haben Bestellung %1 selbst angefordert: ein anderer Genehmiger muss darüber entscheiden</translation>
    </message>
    <message>
        <source>order %1 changed since you looked at it (version %2, now %3): look again</source>
        <translation>Bestellung %1 wurde seit Ihrem letzten Abruf geändert (Version %2, jetzt %3): rufen Sie sie erneut ab</translation>
    </message>
    <message>
        <source>order %1 waits at approval level %2, which the policy no longer has: ask an admin</source>
        <translation>Bestellung %1 wartet auf Genehmigungsstufe %2, die in der Richtlinie nicht mehr existiert: wenden Sie sich an einen Administrator</translation>
    </message>
    <message>
        <source>approval level &apos;%1&apos; of order %2 is decided by group &apos;%3&apos;, which you are not in</source>
        <translation>über Genehmigungsstufe &apos;%1&apos; der Bestellung %2 entscheidet die Gruppe &apos;%3&apos;, der Sie nicht angehören</translation>
    </message>
    <message>
        <source>you already %1 order %2 at level &apos;%3&apos; on %4</source>
        <translation>Sie haben Bestellung %2 auf Stufe &apos;%3&apos; bereits am %4 %1</translation>
    </message>
    <message>
        <source>no decision before %1</source>
        <translation>keine Entscheidung bis %1</translation>
    </message>
    <message>
        <source>you approved order %1 at an earlier level: approval level &apos;%2&apos; needs another approver</source>
        <translation>Sie haben Bestellung %1 auf einer früheren Stufe genehmigt: die Genehmigungsstufe „%2“ braucht einen anderen Genehmiger</translation>
    </message>
    <message>
        <source>only approvers of %1 see the approval details of orders</source>
        <translation>nur Genehmiger von %1 sehen die Genehmigungsdetails von Bestellungen</translation>
    </message>
</context>
<context>
    <name>ordo::AuditLog</name>
    <message>
        <source>an audit entry must be written with the change it records</source>
        <translation>ein Audit-Eintrag muss zusammen mit der Änderung geschrieben werden, die er protokolliert</translation>
    </message>
    <message>
        <source>entry %1 is missing</source>
        <translation>Eintrag %1 fehlt</translation>
    </message>
    <message>
        <source>entry %1 does not follow the entry before it</source>
        <translation>Eintrag %1 schließt nicht an den vorherigen Eintrag an</translation>
    </message>
    <message>
        <source>entry %1 was changed after it was written</source>
        <translation>Eintrag %1 wurde nach dem Schreiben verändert</translation>
    </message>
    <message>
        <source>the trail ends at entry %1 but entry %2 was written</source>
        <translation>das Protokoll endet bei Eintrag %1, aber Eintrag %2 wurde geschrieben</translation>
    </message>
    <message>
        <source>the audit key of this database (&apos;%1&apos;) is not in the keychain, so its trail cannot be checked or extended; a copy of the database needs its key too</source>
        <translation>der Audit-Schlüssel dieser Datenbank (&apos;%1&apos;) ist nicht im Schlüsselbund, daher kann ihr Protokoll weder geprüft noch fortgeschrieben werden; eine Kopie der Datenbank braucht auch ihren Schlüssel</translation>
    </message>
    <message>
        <source>the audit key is out of reach, so nothing audited can be done: %1</source>
        <translation>der Audit-Schlüssel ist nicht erreichbar, daher kann nichts Protokolliertes getan werden: %1</translation>
    </message>
    <message>
        <source>the keychain item &apos;%1&apos; is not an audit key</source>
        <translation>der Schlüsselbund-Eintrag &apos;%1&apos; ist kein Audit-Schlüssel</translation>
    </message>
    <message>
        <source>libsodium could not be initialised</source>
        <translation>libsodium konnte nicht initialisiert werden</translation>
    </message>
    <message>
        <source>the trail&apos;s anchor beside the database is missing</source>
        <translation>der Anker des Protokolls neben der Datenbank fehlt</translation>
    </message>
    <message>
        <source>the trail&apos;s anchor beside the database does not belong to it</source>
        <translation>der Anker des Protokolls neben der Datenbank gehört nicht zu ihm</translation>
    </message>
    <message>
        <source>the audit trail could not be extended: %1</source>
        <translation>das Audit-Protokoll konnte nicht fortgeschrieben werden: %1</translation>
    </message>
    <message>
        <source>the audit key of this database is not in it: its trail was keyed in the keychain of the hosts that wrote it (&apos;%1&apos;)</source>
        <translation>der Audit-Schlüssel dieser Datenbank liegt nicht in ihr: ihr Protokoll wurde mit dem Schlüssel im Schlüsselbund der Rechner geführt, die es schrieben (&apos;%1&apos;)</translation>
    </message>
</context>
<context>
    <name>ordo::Catalog</name>
    <message>
        <source>%1: a parameter must be an object</source>
        <translation>%1: ein Parameter muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1: unknown field &apos;%2&apos;</source>
        <translation>%1: unbekanntes Feld &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: a parameter needs a name</source>
        <translation>%1: ein Parameter benötigt einen Namen</translation>
    </message>
    <message>
        <source>%1: parameter &apos;%2&apos; is declared twice</source>
        <translation>%1: Parameter &apos;%2&apos; ist doppelt deklariert</translation>
    </message>
    <message>
        <source>%1: parameter &apos;%2&apos; has an unknown type &apos;%3&apos;</source>
        <translation>%1: Parameter &apos;%2&apos; hat den unbekannten Typ &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1: choice parameter &apos;%2&apos; has no choices</source>
        <translation>%1: Parameter &apos;%2&apos; vom Typ choice hat keine Auswahlwerte</translation>
    </message>
    <message>
        <source>%1: default of &apos;%2&apos; is not a %3</source>
        <translation>%1: der Standardwert von &apos;%2&apos; ist nicht vom Typ %3</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos; is unknown (known: %2)</source>
        <translation>Parameter &apos;%1&apos; ist unbekannt (bekannt: %2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos;: &apos;%2&apos; is not a valid %3</source>
        <translation>Parameter &apos;%1&apos;: &apos;%2&apos; ist kein gültiger Wert vom Typ %3</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos; is required</source>
        <translation>Parameter &apos;%1&apos; ist erforderlich</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos;: %2 is below the minimum %3</source>
        <translation>Parameter &apos;%1&apos;: %2 liegt unter dem Minimum %3</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos;: %2 is above the maximum %3</source>
        <translation>Parameter &apos;%1&apos;: %2 liegt über dem Maximum %3</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos; must not be empty</source>
        <translation>Parameter &apos;%1&apos; darf nicht leer sein</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos;: &apos;%2&apos; is not one of %3</source>
        <translation>Parameter &apos;%1&apos;: &apos;%2&apos; ist keiner der Werte %3</translation>
    </message>
    <message>
        <source>%1/price: unknown field &apos;%2&apos;</source>
        <translation>%1/price: unbekanntes Feld &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1/price: prices must not be negative</source>
        <translation>%1/price: Preise dürfen nicht negativ sein</translation>
    </message>
    <message>
        <source>%1: id &apos;%2&apos; must be 1-64 lower-case letters, digits, dots or dashes</source>
        <translation>%1: id &apos;%2&apos; muss aus 1 bis 64 Kleinbuchstaben, Ziffern, Punkten oder Bindestrichen bestehen</translation>
    </message>
    <message>
        <source>%1: an item needs a name</source>
        <translation>%1: ein Eintrag benötigt einen Namen</translation>
    </message>
    <message>
        <source>%1/resources: unknown resource &apos;%2&apos;</source>
        <translation>%1/resources: unbekannte Ressource &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1/resources/%2: no parameter named &apos;%3&apos;</source>
        <translation>%1/resources/%2: kein Parameter namens &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1/components: each component needs an item and a positive quantity</source>
        <translation>%1/components: jede Komponente benötigt einen Eintrag (item) und eine positive Menge (quantity)</translation>
    </message>
    <message>
        <source>%1/price: a bundle costs what its components cost, so its price gives only the currency</source>
        <translation>%1/price: Ein Paket kostet, was seine Bestandteile kosten; sein Preis nennt daher nur die Währung</translation>
    </message>
</context>
<context>
    <name>ordo::ChangeFeed</name>
    <message>
        <source>the database %1 is gone</source>
        <translation>die Datenbank %1 ist nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>cannot read the change log: %1</source>
        <translation>das Änderungsprotokoll kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ordo::Commerce</name>
    <message>
        <source>tenant quota exceeded: %1 %2 would be in use, the limit is %3</source>
        <translation>Mandantenkontingent überschritten: %1 %2 wären belegt, das Limit beträgt %3</translation>
    </message>
    <message>
        <source>your quota exceeded: %1 %2 would be in use, the limit is %3</source>
        <translation>Ihr Kontingent ist überschritten: %1 %2 wären belegt, das Limit beträgt %3</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>GiB of memory</source>
        <translation>GiB Arbeitsspeicher</translation>
    </message>
    <message>
        <source>VMs</source>
        <translation>VMs</translation>
    </message>
    <message>
        <source>no catalog item &apos;%1&apos;</source>
        <translation>Katalogeintrag &apos;%1&apos; nicht gefunden</translation>
    </message>
    <message>
        <source>%1: not valid JSON at offset %2: %3</source>
        <translation>%1: kein gültiges JSON an Position %2: %3</translation>
    </message>
    <message>
        <source>%1: expected an object with a non-empty &apos;items&apos; array</source>
        <translation>%1: erwartet wird ein Objekt mit einem nicht leeren Array &apos;items&apos;</translation>
    </message>
    <message>
        <source>%1/items/%2: item &apos;%3&apos; is defined twice</source>
        <translation>%1/items/%2: Eintrag &apos;%3&apos; ist doppelt definiert</translation>
    </message>
    <message>
        <source>%1/%2: component &apos;%3&apos; is not a plain item of this catalog</source>
        <translation>%1/%2: Komponente &apos;%3&apos; ist kein einfacher Eintrag dieses Katalogs</translation>
    </message>
    <message>
        <source>%1/%2: component &apos;%3&apos;: %4</source>
        <translation>%1/%2: Komponente &apos;%3&apos;: %4</translation>
    </message>
    <message>
        <source>bundle &apos;%1&apos; mixes currencies %2 and %3</source>
        <translation>Paket &apos;%1&apos; mischt die Währungen %2 und %3</translation>
    </message>
    <message>
        <source>only customers of %1 have a cart</source>
        <translation>nur Kunden von %1 haben einen Warenkorb</translation>
    </message>
    <message>
        <source>quantity %1 is out of range: order 1 to %2 at a time</source>
        <translation>Menge %1 liegt außerhalb des zulässigen Bereichs: bestellen Sie 1 bis %2 auf einmal</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>no cart line %1</source>
        <translation>Warenkorbposition %1 nicht gefunden</translation>
    </message>
    <message>
        <source>cart line %1: %2</source>
        <translation>Warenkorbposition %1: %2</translation>
    </message>
    <message>
        <source>cart line %1 (%2): %3</source>
        <translation>Warenkorbposition %1 (%2): %3</translation>
    </message>
    <message>
        <source>the cart mixes currencies %1 and %2: order them separately</source>
        <translation>der Warenkorb mischt die Währungen %1 und %2: bestellen Sie diese getrennt</translation>
    </message>
    <message>
        <source>approval level &apos;%1&apos; has no approver other than you: ask an admin to add one</source>
        <translation>Genehmigungsstufe &apos;%1&apos; hat außer Ihnen keinen Genehmiger: bitten Sie einen Administrator, einen hinzuzufügen</translation>
    </message>
    <message>
        <source>only customers of %1 can check out</source>
        <translation>nur Kunden von %1 können Bestellungen aufgeben</translation>
    </message>
    <message>
        <source>the cart is empty: add an item first</source>
        <translation>der Warenkorb ist leer: fügen Sie zuerst einen Eintrag hinzu</translation>
    </message>
    <message>
        <source>the request id is longer than 128 characters</source>
        <translation>die Anfrage-ID ist länger als 128 Zeichen</translation>
    </message>
    <message>
        <source>checkout refused: %1</source>
        <translation>Bestellung nicht möglich: %1</translation>
    </message>
    <message>
        <source>within the auto-approval thresholds</source>
        <translation>innerhalb der Schwellenwerte für automatische Genehmigung</translation>
    </message>
    <message>
        <source>needs approval</source>
        <translation>Genehmigung erforderlich</translation>
    </message>
    <message>
        <source>an order changes state only inside a transaction</source>
        <translation>eine Bestellung ändert ihren Status nur innerhalb einer Transaktion</translation>
    </message>
    <message>
        <source>order %1 was changed by somebody else meanwhile</source>
        <translation>Bestellung %1 wurde inzwischen von jemand anderem geändert</translation>
    </message>
    <message>
        <source>you have no role in %1 that shows orders</source>
        <translation>Sie haben in %1 keine Rolle, die das Anzeigen von Bestellungen erlaubt</translation>
    </message>
    <message>
        <source>no order %1</source>
        <translation>Bestellung %1 nicht gefunden</translation>
    </message>
    <message>
        <source>approval mails are queued only with the change that causes them</source>
        <translation>Genehmigungsmails werden nur zusammen mit der Änderung eingereiht, die sie auslöst</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (ohne Limit)</translation>
    </message>
    <message>
        <source>Quota impact: the order adds %1 vCPUs, %2 GiB of memory and %3 VMs; %4 then uses %5 vCPUs, %6 GiB and %7 VMs.</source>
        <translation>Auswirkung auf das Kontingent: die Bestellung fügt %1 vCPUs, %2 GiB Arbeitsspeicher und %3 VMs hinzu; %4 belegt dann %5 vCPUs, %6 GiB und %7 VMs.</translation>
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
        <source>a cancellation needs a reason: give it with --reason</source>
        <translation>eine Stornierung erfordert eine Begründung: geben Sie sie mit --reason an</translation>
    </message>
    <message>
        <source>the reason is longer than 2000 characters</source>
        <translation>die Begründung ist länger als 2000 Zeichen</translation>
    </message>
    <message>
        <source>only the customer who ordered %1, or an admin of %2, cancels it</source>
        <translation>nur der Kunde, der %1 bestellt hat, oder ein Administrator von %2 kann sie stornieren</translation>
    </message>
    <message>
        <source>order %1 is completed: what it provisioned is removed through support, not by a cancellation</source>
        <translation>Bestellung %1 ist abgeschlossen: was sie bereitgestellt hat, entfernt der Support, nicht eine Stornierung</translation>
    </message>
    <message>
        <source>order %1 is already %2</source>
        <translation>Bestellung %1 hat bereits den Status %2</translation>
    </message>
    <message>
        <source>tenant quota: %1 %2 over the limit (%3 with the order, limit %4)</source>
        <translation>Mandantenkontingent: %1 %2 über dem Limit (%3 mit der Bestellung, Limit %4)</translation>
    </message>
    <message>
        <source>requester&apos;s quota: %1 %2 over the limit (%3 with the order, limit %4)</source>
        <translation>Kontingent des Bestellers: %1 %2 über dem Limit (%3 mit der Bestellung, Limit %4)</translation>
    </message>
    <message>
        <source>the cart changed since it was previewed: check the new preview and confirm again</source>
        <translation>der Warenkorb hat sich seit der Vorschau geändert: prüfen Sie die neue Vorschau und bestätigen Sie erneut</translation>
    </message>
    <message>
        <source>the cart holds %1 lines: check it out or remove some first</source>
        <translation>der Warenkorb hat %1 Positionen: bestellen Sie ihn erst oder entfernen Sie einige</translation>
    </message>
    <message>
        <source>the cart changed while it was checked out: check it and confirm again</source>
        <translation>der Warenkorb hat sich während der Bestellung geändert: prüfen Sie ihn und bestätigen Sie erneut</translation>
    </message>
    <message>
        <source>%1; checking out again with request id %2 shows its order once placed</source>
        <translation>%1; erneutes Bestellen mit der Anfrage-ID %2 zeigt die Bestellung, sobald sie angelegt ist</translation>
    </message>
</context>
<context>
    <name>ordo::DataTransfer</name>
    <message>
        <source>%1.%2 holds a value of type %3, which an export does not carry</source>
        <translation>%1.%2 enthält einen Wert vom Typ %3, den ein Export nicht mitnimmt</translation>
    </message>
    <message>
        <source>only admins export the database</source>
        <translation>Nur Administratoren exportieren die Datenbank</translation>
    </message>
    <message>
        <source>only the provider&apos;s admins export a shared database: it holds every tenant&apos;s data</source>
        <translation>Nur die Administratoren des Anbieters exportieren eine gemeinsame Datenbank: Sie enthält die Daten aller Mandanten</translation>
    </message>
    <message>
        <source>the export could not be written: %1</source>
        <translation>Der Export konnte nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>%1 is an embedded database: an export goes into a shared (PostgreSQL) one; to move an embedded database, copy its file and its audit anchor</source>
        <translation>%1 ist eine eingebettete Datenbank: Ein Export wird in eine gemeinsame (PostgreSQL-)Datenbank importiert; um eine eingebettete Datenbank umzuziehen, kopieren Sie ihre Datei und ihren Audit-Anker</translation>
    </message>
    <message>
        <source>%1, line %2: not a line of an Ordo export (%3)</source>
        <translation>%1, Zeile %2: keine Zeile eines Ordo-Exports (%3)</translation>
    </message>
    <message>
        <source>not an object</source>
        <translation>kein Objekt</translation>
    </message>
    <message>
        <source>%1 is not an Ordo export: its first line names no format &apos;ordo-export&apos;</source>
        <translation>%1 ist kein Ordo-Export: Seine erste Zeile nennt kein Format &apos;ordo-export&apos;</translation>
    </message>
    <message>
        <source>%1 is an export of version %2, which this Ordo does not read (it reads version %3)</source>
        <translation>%1 ist ein Export der Version %2, die dieses Ordo nicht liest (es liest Version %3)</translation>
    </message>
    <message>
        <source>%1 was exported at schema version %2 and %3 is at %4: open the exported database with this version of Ordo first, so that it is migrated, and export it again</source>
        <translation>%1 wurde mit Schemaversion %2 exportiert, und %3 hat Version %4: Öffnen Sie die exportierte Datenbank zuerst mit dieser Version von Ordo, damit sie migriert wird, und exportieren Sie sie erneut</translation>
    </message>
    <message>
        <source>%1 holds data already (in %2): an export goes into a new, empty database only</source>
        <translation>%1 enthält bereits Daten (in %2): Ein Export wird nur in eine neue, leere Datenbank importiert</translation>
    </message>
    <message>
        <source>%1 ends at line %2 without the line that closes an export: it was cut short</source>
        <translation>%1 endet in Zeile %2 ohne die Zeile, die einen Export abschließt: Er wurde abgeschnitten</translation>
    </message>
    <message>
        <source>%1, line %2: the export says it holds %3 rows, and %4 were read</source>
        <translation>%1, Zeile %2: Der Export gibt %3 Zeilen an, gelesen wurden %4</translation>
    </message>
    <message>
        <source>%1, line %2: rows of %3 come after those of %4, out of order</source>
        <translation>%1, Zeile %2: Zeilen von %3 folgen auf die von %4, in falscher Reihenfolge</translation>
    </message>
    <message>
        <source>%1, line %2: &apos;%3&apos; is not a table an export holds</source>
        <translation>%1, Zeile %2: &apos;%3&apos; ist keine Tabelle, die ein Export enthält</translation>
    </message>
    <message>
        <source>%1, line %2: %3 has no column &apos;%4&apos; here</source>
        <translation>%1, Zeile %2: %3 hat hier keine Spalte &apos;%4&apos;</translation>
    </message>
    <message>
        <source>%1, line %2: %3.%4 is neither text, a whole number nor null</source>
        <translation>%1, Zeile %2: %3.%4 ist weder Text noch eine ganze Zahl noch null</translation>
    </message>
    <message>
        <source>%1, line %2: %3 row not taken: %4</source>
        <translation>%1, Zeile %2: Zeile von %3 nicht übernommen: %4</translation>
    </message>
    <message>
        <source>%1, line %2: more follows the line that closes the export</source>
        <translation>%1, Zeile %2: Nach der abschließenden Zeile des Exports folgt noch mehr</translation>
    </message>
    <message>
        <source>the audit trail in %1 does not verify (%2): nothing was imported</source>
        <translation>Der Audit-Trail in %1 ist nicht intakt (%2): Nichts wurde importiert</translation>
    </message>
    <message>
        <source>the audit key &apos;%1&apos; of the exported database is not in this host&apos;s keychain: copy it from the host that exported it</source>
        <translation>Der Audit-Schlüssel &apos;%1&apos; der exportierten Datenbank ist nicht im Schlüsselbund dieses Hosts: Kopieren Sie ihn von dem Host, der exportiert hat</translation>
    </message>
    <message>
        <source>the database has no audit key record</source>
        <translation>Die Datenbank hat keinen Audit-Schlüsseleintrag</translation>
    </message>
    <message>
        <source>%1, line %2: longer than any line of an Ordo export</source>
        <translation>%1, Zeile %2: länger als jede Zeile eines Ordo-Exports</translation>
    </message>
    <message>
        <source>%1 is not an Ordo export: its first line names no database</source>
        <translation>%1 ist kein Ordo-Export: Seine erste Zeile nennt keine Datenbank</translation>
    </message>
    <message>
        <source>%1 is not sealed by the audit key of the database it names: it was changed after the export, or was not written by one; nothing was imported</source>
        <translation>%1 ist nicht mit dem Audit-Schlüssel der genannten Datenbank versiegelt: Die Datei wurde nach dem Export geändert oder nicht von einem Export geschrieben; nichts wurde importiert</translation>
    </message>
    <message>
        <source>%1, line %2: the row of %3 has no value for &apos;%4&apos;</source>
        <translation>%1, Zeile %2: Die Zeile von %3 hat keinen Wert für &apos;%4&apos;</translation>
    </message>
    <message>
        <source>%1, line %2: the audit key record is not of the database the export names</source>
        <translation>%1, Zeile %2: Der Audit-Schlüsseleintrag gehört nicht zu der Datenbank, die der Export nennt</translation>
    </message>
    <message>
        <source>an export reads every row: run it on the database owner&apos;s connection (the owner&apos;s role in the URL)</source>
        <translation>ein Export liest jede Zeile: führen Sie ihn über die Verbindung des Datenbankeigentümers aus (dessen Rolle in der URL)</translation>
    </message>
</context>
<context>
    <name>ordo::Database</name>
    <message>
        <source>no database path given</source>
        <translation>kein Datenbankpfad angegeben</translation>
    </message>
    <message>
        <source>cannot create the folder %1</source>
        <translation>Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot open the database %1: %2</source>
        <translation>Datenbank %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>database error: %1</source>
        <translation>Datenbankfehler: %1</translation>
    </message>
    <message>
        <source>conflicts with existing data: %1</source>
        <translation>Konflikt mit vorhandenen Daten: %1</translation>
    </message>
    <message>
        <source>the database %1 has schema version %2, newer than this Ordo knows (%3): use a newer Ordo</source>
        <translation>die Datenbank %1 hat die Schemaversion %2, die neuer ist als die von dieser Ordo-Version unterstützte (%3): verwenden Sie eine neuere Ordo-Version</translation>
    </message>
    <message>
        <source>database error: no SQLite connection</source>
        <translation>Datenbankfehler: keine SQLite-Verbindung</translation>
    </message>
    <message>
        <source>database error: no PostgreSQL connection</source>
        <translation>Datenbankfehler: keine PostgreSQL-Verbindung</translation>
    </message>
    <message>
        <source>database error: cannot bind a value of type %1</source>
        <translation>Datenbankfehler: ein Wert vom Typ %1 kann nicht gebunden werden</translation>
    </message>
    <message>
        <source>database error: the statement takes %1 values, %2 were given: %3</source>
        <translation>Datenbankfehler: die Anweisung nimmt %1 Werte, übergeben wurden %2: %3</translation>
    </message>
    <message>
        <source>database error: unexpected answer %1 to %2</source>
        <translation>Datenbankfehler: unerwartete Antwort %1 auf %2</translation>
    </message>
    <message>
        <source>the database %1 looks like a URI; give the path of the file</source>
        <translation>die Datenbank %1 sieht wie eine URI aus; geben Sie den Pfad der Datei an</translation>
    </message>
    <message>
        <source>no database at %1</source>
        <translation>keine Datenbank unter %1</translation>
    </message>
    <message>
        <source>the database URL %1 names no database: give postgresql://host[:port]/database</source>
        <translation>die Datenbank-URL %1 nennt keine Datenbank: geben Sie postgresql://host[:port]/datenbank an</translation>
    </message>
    <message>
        <source>this Ordo cannot reach PostgreSQL: Qt&apos;s PostgreSQL driver is missing (Debian: libqt6sql6-psql)</source>
        <translation>dieses Ordo erreicht PostgreSQL nicht: Qts PostgreSQL-Treiber fehlt (Debian: libqt6sql6-psql)</translation>
    </message>
    <message>
        <source>no Ordo database at %1: create it with ordoctl init</source>
        <translation>keine Ordo-Datenbank unter %1: legen Sie sie mit ordoctl init an</translation>
    </message>
    <message>
        <source>database error: an insert returned no key</source>
        <translation>Datenbankfehler: ein Einfügen lieferte keinen Schlüssel</translation>
    </message>
    <message>
        <source>the database refused: %1</source>
        <translation>die Datenbank hat abgelehnt: %1</translation>
    </message>
    <message>
        <source>database error: a shared database has no data version; its changes are notified</source>
        <translation>Datenbankfehler: eine gemeinsame Datenbank hat keine Datenversion; ihre Änderungen werden gemeldet</translation>
    </message>
    <message>
        <source>a PostgreSQL database starts at schema version %1, not %2</source>
        <translation>eine PostgreSQL-Datenbank beginnt bei Schemaversion %1, nicht %2</translation>
    </message>
    <message>
        <source>database error: the PostgreSQL schema is missing from this build</source>
        <translation>Datenbankfehler: das PostgreSQL-Schema fehlt in diesem Build</translation>
    </message>
    <message>
        <source>the database URL is not valid: give postgresql://[user@]host[:port]/database</source>
        <translation>die Datenbank-URL ist ungültig: geben Sie postgresql://[benutzer@]host[:port]/datenbank an</translation>
    </message>
    <message>
        <source>the database URL %1 holds a password: give it in PGPASSWORD or ~/.pgpass instead</source>
        <translation>die Datenbank-URL %1 enthält ein Passwort: geben Sie es stattdessen in PGPASSWORD oder ~/.pgpass an</translation>
    </message>
    <message>
        <source>database error: schema version %1 has no PostgreSQL statements</source>
        <translation>Datenbankfehler: Schemaversion %1 hat keine PostgreSQL-Anweisungen</translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>kann auf %1 nicht lauschen: %2</translation>
    </message>
    <message>
        <source>database error: only a shared database sends notifications</source>
        <translation>Datenbankfehler: nur eine gemeinsame Datenbank sendet Benachrichtigungen</translation>
    </message>
    <message>
        <source>database error: the transaction was abandoned after an error: %1</source>
        <translation>Datenbankfehler: die Transaktion wurde nach einem Fehler aufgegeben: %1</translation>
    </message>
    <message>
        <source>the database URL %1 names a role already: give postgresql://host[:port]/database to sign in as a person</source>
        <translation>die Datenbank-URL %1 nennt bereits eine Rolle: geben Sie postgresql://host[:port]/datenbank an, um sich als Person anzumelden</translation>
    </message>
    <message>
        <source>unknown user or wrong password</source>
        <translation>unbekannter Benutzer oder falsches Passwort</translation>
    </message>
    <message>
        <source>the database %1 is at schema version %2, this Ordo needs %3: ask the operator to run ordoctl init --shared with this version of Ordo</source>
        <translation>die Datenbank %1 hat Schemaversion %2, dieses Ordo braucht %3: bitten Sie den Betreiber, ordoctl init --shared mit dieser Ordo-Version auszuführen</translation>
    </message>
    <message>
        <source>your own login may not do this on a shared database (%1): the provider&apos;s operator does it on the owner&apos;s connection</source>
        <translation>Ihre eigene Anmeldung darf das auf einer gemeinsamen Datenbank nicht (%1): der Betreiber des Anbieters erledigt es über die Verbindung des Eigentümers</translation>
    </message>
</context>
<context>
    <name>ordo::DeepLink</name>
    <message numerus="yes">
        <source>the link is longer than %n character(s)</source>
        <translation>
            <numerusform>der Link ist länger als %n Zeichen</numerusform>
            <numerusform>der Link ist länger als %n Zeichen</numerusform>
        </translation>
    </message>
    <message>
        <source>not an Ordo link: it must start with %1</source>
        <translation>kein Ordo-Link: er muss mit %1 beginnen</translation>
    </message>
    <message>
        <source>an Ordo link opens approvals or orders, not &quot;%1&quot;</source>
        <translation>ein Ordo-Link öffnet Genehmigungen oder Bestellungen, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the link names no order: it must end in %1 and the order&apos;s number</source>
        <translation>der Link nennt keine Bestellung: er muss auf %1 und die Nummer der Bestellung enden</translation>
    </message>
    <message>
        <source>the order in the link must be a number from 1 without leading zeros, not &quot;%1&quot;</source>
        <translation>die Bestellung im Link muss eine Zahl ab 1 ohne führende Nullen sein, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the order number in the link is too large</source>
        <translation>die Bestellnummer im Link ist zu groß</translation>
    </message>
</context>
<context>
    <name>ordo::Mail</name>
    <message>
        <source>Order {order} of {requester} waits for your approval</source>
        <translation>Bestellung {order} von {requester} wartet auf Ihre Genehmigung</translation>
    </message>
    <message>
        <source>Your virtual machine {vm} is ready</source>
        <translation>Ihre virtuelle Maschine {vm} ist bereit</translation>
    </message>
    <message>
        <source>Workflow {workflow} needs attention: step {step} failed</source>
        <translation>Workflow {workflow} braucht Aufmerksamkeit: Schritt {step} ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Step {step} of workflow {workflow} failed:

{error}

The workflow waits for support: continue, retry, skip or roll it back in the console.
</source>
        <translation>Schritt {step} von Workflow {workflow} ist fehlgeschlagen:

{error}

Der Workflow wartet auf den Support: In der Konsole fortsetzen, wiederholen, überspringen oder zurückrollen.
</translation>
    </message>
    <message>
        <source>mail template %1 needs the variable &apos;%2&apos;</source>
        <translation>Die Mailvorlage %1 braucht die Variable &apos;%2&apos;</translation>
    </message>
    <message>
        <source>a mail needs at least one recipient</source>
        <translation>eine Mail braucht mindestens einen Empfänger</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a mail address</source>
        <translation>&apos;%1&apos; ist keine Mailadresse</translation>
    </message>
    <message>
        <source>Your order {order} was rejected</source>
        <translation>Ihre Bestellung {order} wurde abgelehnt</translation>
    </message>
    <message>
        <source>Hello {customer},

your order {order} ({summary}) was rejected by {by}:

{reason}

Nothing has been provisioned. Open the order in the Ordo console:
{link}
</source>
        <translation>Hallo {customer},

Ihre Bestellung {order} ({summary}) wurde von {by} abgelehnt:

{reason}

Es wurde nichts bereitgestellt. Öffnen Sie die Bestellung in der Ordo-Konsole:
{link}
</translation>
    </message>
    <message>
        <source>Your order {order} could not be provisioned</source>
        <translation>Ihre Bestellung {order} konnte nicht bereitgestellt werden</translation>
    </message>
    <message>
        <source>Hello {customer},

your order {order} ({summary}) could not be provisioned:

{reason}

What had been set up for it has been removed, and support has been told. Open the order in the Ordo console:
{link}
</source>
        <translation>Hallo {customer},

Ihre Bestellung {order} ({summary}) konnte nicht bereitgestellt werden:

{reason}

Was dafür schon eingerichtet war, wurde entfernt, und der Support ist informiert. Öffnen Sie die Bestellung in der Ordo-Konsole:
{link}
</translation>
    </message>
    <message>
        <source>Hello {approver},

{requester} ordered {summary} (order {order}) for {monthly} a month.
{quota}
You decide at approval level {level}.

Open the order in the Ordo console to approve or reject it:
{link}
</source>
        <translation>Hallo {approver},

{requester} hat {summary} (Bestellung {order}) für {monthly} im Monat bestellt.
{quota}
Sie entscheiden auf der Genehmigungsstufe {level}.

Öffnen Sie die Bestellung in der Ordo-Konsole, um sie zu genehmigen oder abzulehnen:
{link}
</translation>
    </message>
    <message>
        <source>Reminder: order {order} of {requester} waits for your approval until {expires}</source>
        <translation>Erinnerung: Bestellung {order} von {requester} wartet bis {expires} auf Ihre Genehmigung</translation>
    </message>
    <message>
        <source>Hello {approver},

{requester} ordered {summary} (order {order}) for {monthly} a month.
{quota}
You decide at approval level {level}. Without a decision by {expires} the order is {default}, as the policy says.
Open the order in the Ordo console to approve or reject it:
{link}
</source>
        <translation>Hallo {approver},

{requester} hat {summary} (Bestellung {order}) für {monthly} im Monat bestellt.
{quota}
Sie entscheiden auf der Genehmigungsstufe {level}. Ohne Entscheidung bis {expires} gilt die Bestellung laut Richtlinie als {default}.
Öffnen Sie die Bestellung in der Ordo-Konsole, um sie zu genehmigen oder abzulehnen:
{link}
</translation>
    </message>
    <message>
        <source>no mail template &apos;%1&apos; (templates: approval-request, approval-reminder, order-rejected, order-failed, vm-ready, support-failure)</source>
        <translation>keine Mailvorlage &apos;%1&apos; (Vorlagen: approval-request, approval-reminder, order-rejected, order-failed, vm-ready, support-failure)</translation>
    </message>
    <message>
        <source>Hello {customer},

your virtual machine is ready.

Name: {vm}
Address: {address}
{sshPortLine}Log on as: {user}

{logon}
</source>
        <translation>Hallo {customer},

Ihre virtuelle Maschine ist bereit.

Name: {vm}
Adresse: {address}
{sshPortLine}Anmelden als: {user}

{logon}
</translation>
    </message>
    <message>
        <source>SSH port: %1
</source>
        <translation>SSH-Port: %1
</translation>
    </message>
    <message>
        <source>Your SSH key is installed: log on with

    %1

The VM&apos;s host key fingerprint is

    %2

Connect only if SSH shows you this one.</source>
        <translation>Ihr SSH-Schlüssel ist installiert: melden Sie sich an mit

    %1

Der Fingerabdruck des Hostschlüssels der VM ist

    %2

Verbinden Sie sich nur, wenn SSH Ihnen diesen zeigt.</translation>
    </message>
    <message>
        <source>Your profile has no SSH public key, so none was installed and you cannot log on yet. Set yours with

    ordoctl profile set-ssh-key ~/.ssh/id_ed25519.pub

and ask support to install it on this VM; the VMs you order after that get it by themselves.</source>
        <translation>Ihr Profil enthält keinen öffentlichen SSH-Schlüssel, daher wurde keiner installiert und Sie können sich noch nicht anmelden. Setzen Sie Ihren mit

    ordoctl profile set-ssh-key ~/.ssh/id_ed25519.pub

und bitten Sie den Support, ihn auf dieser VM zu installieren; die VMs, die Sie danach bestellen, erhalten ihn von selbst.</translation>
    </message>
    <message>
        <source>Your SSH key was not installed on this VM: the step that installs it was skipped (the test farm runs no guest).</source>
        <translation>Ihr SSH-Schlüssel wurde auf dieser VM nicht installiert: der Schritt, der ihn installiert, wurde übersprungen (auf der Testfarm läuft kein Gast).</translation>
    </message>
</context>
<context>
    <name>ordo::OrderState</name>
    <message>
        <source>an order that is %1 cannot become %2</source>
        <translation>eine Bestellung im Status %1 kann nicht in den Status %2 wechseln</translation>
    </message>
</context>
<context>
    <name>ordo::OrderWorkflows</name>
    <message>
        <source>the workflow %1 is missing from this build</source>
        <translation>der Workflow %1 fehlt in diesem Build</translation>
    </message>
    <message>
        <source>orders cannot start under the approval policy of tenant %1 yet: an administrator prepares it with &apos;ordoctl init --shared&apos; on the shared database</source>
        <translation>unter der Genehmigungsrichtlinie von Mandant %1 können noch keine Bestellungen starten: ein Administrator bereitet sie mit &apos;ordoctl init --shared&apos; auf der gemeinsamen Datenbank vor</translation>
    </message>
</context>
<context>
    <name>ordo::Ordo</name>
    <message>
        <source>the database %1 already holds data: the demo goes into a new one</source>
        <translation>die Datenbank %1 enthält bereits Daten: die Demo wird in einer neuen Datenbank angelegt</translation>
    </message>
    <message>
        <source>the default catalog is missing from this build</source>
        <translation>der Standardkatalog fehlt in diesem Build</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not the login of a person of Ordo: give the owner&apos;s or an engine&apos;s role in the URL</source>
        <translation>„%1“ ist nicht die Anmeldung einer Person von Ordo: geben Sie die Rolle des Eigentümers oder der Engines in der URL an</translation>
    </message>
    <message>
        <source>this connection is %1&apos;s own login: %2 signs in with theirs</source>
        <translation>diese Verbindung ist die eigene Anmeldung von %1: %2 meldet sich mit der eigenen an</translation>
    </message>
</context>
<context>
    <name>ordo::OrdoClient</name>
    <message>
        <source>sign in first: on this shared database you connect as yourself</source>
        <translation>melden Sie sich zuerst an: mit dieser gemeinsamen Datenbank verbinden Sie sich als Sie selbst</translation>
    </message>
</context>
<context>
    <name>ordo::Passwords</name>
    <message>
        <source>libsodium could not be initialised</source>
        <translation>libsodium konnte nicht initialisiert werden</translation>
    </message>
    <message>
        <source>a password must not be empty</source>
        <translation>ein Passwort darf nicht leer sein</translation>
    </message>
    <message>
        <source>out of memory while hashing a password</source>
        <translation>nicht genügend Speicher beim Hashen eines Passworts</translation>
    </message>
</context>
<context>
    <name>ordo::PersonRequests</name>
    <message>
        <source>no request %1</source>
        <translation>keine Anfrage %1</translation>
    </message>
    <message>
        <source>request %1 is queued, but no engine took it within %2 s: it is done once one runs (ask the operator whether any does)</source>
        <translation>Anfrage %1 wartet, aber keine Engine hat sie binnen %2 s übernommen: sie wird erledigt, sobald eine läuft (fragen Sie den Betreiber, ob eine läuft)</translation>
    </message>
    <message>
        <source>the database queued the request but gave no id</source>
        <translation>die Datenbank hat die Anfrage eingereiht, aber keine ID geliefert</translation>
    </message>
    <message>
        <source>request %1 is still queued: an engine tried %2 times and will try again (the operator finds why in the engines&apos; log)</source>
        <translation>Anfrage %1 wartet noch: eine Engine hat es %2-mal versucht und versucht es erneut (den Grund findet der Betreiber im Log der Engines)</translation>
    </message>
</context>
<context>
    <name>ordo::Policy</name>
    <message>
        <source>policy%1: unknown field &apos;%2&apos;</source>
        <translation>policy%1: unbekanntes Feld &apos;%2&apos;</translation>
    </message>
    <message>
        <source>policy%1/%2: must be a number of at least 0</source>
        <translation>policy%1/%2: muss eine Zahl größer oder gleich 0 sein</translation>
    </message>
    <message>
        <source>policy%1: a level needs an approver group</source>
        <translation>policy%1: eine Stufe benötigt eine Genehmigergruppe</translation>
    </message>
    <message>
        <source>policy%1/mode: &apos;%2&apos; is neither &apos;any&apos; nor &apos;all&apos;</source>
        <translation>policy%1/mode: &apos;%2&apos; ist weder &apos;any&apos; noch &apos;all&apos;</translation>
    </message>
    <message>
        <source>policy/expiry/hours: must not be negative</source>
        <translation>policy/expiry/hours: darf nicht negativ sein</translation>
    </message>
    <message>
        <source>policy/expiry/defaultDecision: &apos;%1&apos; is neither &apos;approve&apos; nor &apos;reject&apos;</source>
        <translation>policy/expiry/defaultDecision: &apos;%1&apos; ist weder &apos;approve&apos; noch &apos;reject&apos;</translation>
    </message>
</context>
<context>
    <name>ordo::Quote</name>
    <message numerus="yes">
        <source>%1… (%n characters)</source>
        <translation>
            <numerusform>%1… (%n Zeichen)</numerusform>
            <numerusform>%1… (%n Zeichen)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ordo::SecretStore</name>
    <message>
        <source>no secret &apos;%1&apos; in the keychain</source>
        <translation>kein Geheimnis &apos;%1&apos; im Schlüsselbund</translation>
    </message>
    <message>
        <source>the keychain refused access to &apos;%1&apos; (is the keyring locked?): %2</source>
        <translation>der Schlüsselbund verweigert den Zugriff auf &apos;%1&apos; (ist der Schlüsselring gesperrt?): %2</translation>
    </message>
    <message>
        <source>no usable keychain for &apos;%1&apos;: %2 (Ordo keeps secrets only in the OS keyring; start and unlock one, e.g. gnome-keyring)</source>
        <translation>kein nutzbarer Schlüsselbund für &apos;%1&apos;: %2 (Ordo bewahrt Geheimnisse nur im Schlüsselring des Betriebssystems auf; starten und entsperren Sie einen, z. B. gnome-keyring)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a secret name: 1-64 letters, digits, dots, dashes or underscores</source>
        <translation>&apos;%1&apos; ist kein gültiger Name für ein Geheimnis: 1-64 Buchstaben, Ziffern, Punkte, Bindestriche oder Unterstriche</translation>
    </message>
    <message>
        <source>the secret &apos;%1&apos; is empty</source>
        <translation>das Geheimnis &apos;%1&apos; ist leer</translation>
    </message>
    <message>
        <source>the keyring is locked, so &apos;%1&apos; cannot be read: unlock it and try again</source>
        <translation>der Schlüsselbund ist gesperrt, daher lässt sich &apos;%1&apos; nicht lesen: entsperren Sie ihn und versuchen Sie es erneut</translation>
    </message>
</context>
<context>
    <name>ordo::SharedAccess</name>
    <message>
        <source>role prefix &apos;%1&apos;: write a lower-case letter, then up to 29 lower-case letters, digits or underscores (such as ordo_)</source>
        <translation>Rollenpräfix &apos;%1&apos;: ein Kleinbuchstabe, dann bis zu 29 Kleinbuchstaben, Ziffern oder Unterstriche (etwa ordo_)</translation>
    </message>
    <message>
        <source>%1 is an embedded database: only a shared (PostgreSQL) one has roles for people</source>
        <translation>%1 ist eine eingebettete Datenbank: nur eine gemeinsame (PostgreSQL) hat Rollen für Personen</translation>
    </message>
    <message>
        <source>the shared database&apos;s access rules are missing from this build</source>
        <translation>die Zugriffsregeln der gemeinsamen Datenbank fehlen in diesem Build</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: on a shared database the name %2 belongs to the people&apos;s group role</source>
        <translation>Benutzer &apos;%1&apos;: in einer gemeinsamen Datenbank gehört der Name %2 der Gruppenrolle der Personen</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: a login needs a password</source>
        <translation>Benutzer &apos;%1&apos;: eine Anmeldung braucht ein Passwort</translation>
    </message>
    <message>
        <source>no user &apos;%1&apos;</source>
        <translation>kein Benutzer &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the server has a role %1 already, not made for this database: give it another --role-prefix</source>
        <translation>der Server hat bereits eine Rolle %1, die nicht für diese Datenbank angelegt wurde: geben Sie ihr ein anderes --role-prefix</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: the server already has a role %2 that is not this database&apos;s login of theirs</source>
        <translation>Benutzer &apos;%1&apos;: der Server hat bereits eine Rolle %2, die nicht die Anmeldung dieser Person in dieser Datenbank ist</translation>
    </message>
    <message>
        <source>anyone may still connect to %1: run init --shared as the role that owns the database</source>
        <translation>jeder kann sich noch mit %1 verbinden: init --shared als die Rolle ausführen, der die Datenbank gehört</translation>
    </message>
    <message>
        <source>user &apos;%1&apos; is disabled: they get no login</source>
        <translation>Benutzer &apos;%1&apos; ist deaktiviert: er bekommt keine Anmeldung</translation>
    </message>
    <message>
        <source>the role %1 was made but cannot be found</source>
        <translation>die Rolle %1 wurde angelegt, ist aber nicht zu finden</translation>
    </message>
    <message>
        <source>user &apos;%1&apos;: on a shared database the name %2 belongs to the engines&apos; role</source>
        <translation>Benutzer &apos;%1&apos;: In einer gemeinsamen Datenbank gehört der Name %2 der Rolle der Engines</translation>
    </message>
    <message>
        <source>the engines&apos; role %1: a login needs a password</source>
        <translation>Rolle der Engines %1: Eine Anmeldung braucht ein Passwort</translation>
    </message>
    <message>
        <source>%1 has no engines&apos; role %2: run ordoctl init --shared first</source>
        <translation>%1 hat keine Rolle der Engines %2: Führen Sie zuerst ordoctl init --shared aus</translation>
    </message>
    <message>
        <source>the engines&apos; role %1 has been given powers beyond its grants (such as SUPERUSER or BYPASSRLS): take them away before it logs in</source>
        <translation>Die Rolle der Engines %1 hat Befugnisse über ihre Rechte hinaus erhalten (etwa SUPERUSER oder BYPASSRLS): Entziehen Sie sie, bevor sie sich anmeldet</translation>
    </message>
</context>
<context>
    <name>ordo::StaffServices</name>
    <message>
        <source>only support staff and admins read this</source>
        <translation>nur Support-Mitarbeiter und Administratoren können dies lesen</translation>
    </message>
    <message>
        <source>only support staff and admins read the connectors</source>
        <translation>nur Support-Mitarbeiter und Administratoren können die Connectors lesen</translation>
    </message>
    <message>
        <source>only admins configure connectors</source>
        <translation>nur Administratoren können Connectors konfigurieren</translation>
    </message>
    <message>
        <source>only admins manage secrets</source>
        <translation>nur Administratoren verwalten Geheimnisse</translation>
    </message>
    <message>
        <source>only support staff and admins work with guests</source>
        <translation>nur Support-Mitarbeiter und Administratoren können mit Gästen arbeiten</translation>
    </message>
    <message>
        <source>no host key recorded for &apos;%1&apos;</source>
        <translation>für &apos;%1&apos; ist kein Hostschlüssel aufgezeichnet</translation>
    </message>
    <message>
        <source>only support staff and admins read the outbox</source>
        <translation>nur Support-Mitarbeiter und Administratoren können den Postausgang lesen</translation>
    </message>
    <message>
        <source>only support staff and admins deliver mail</source>
        <translation>nur Support-Mitarbeiter und Administratoren können Mails zustellen</translation>
    </message>
    <message>
        <source>only support staff and admins read the tenant&apos;s audit trail</source>
        <translation>nur Support-Mitarbeiter und Administratoren können das Audit-Protokoll des Mandanten lesen</translation>
    </message>
    <message>
        <source>only admins verify the whole audit trail</source>
        <translation>nur Administratoren können das gesamte Audit-Protokoll prüfen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is an audit key: only Ordo writes or removes it</source>
        <translation>&apos;%1&apos; ist ein Audit-Schlüssel: Nur Ordo schreibt oder entfernt ihn</translation>
    </message>
</context>
<context>
    <name>ordo::Store</name>
    <message>
        <source>no tenant &apos;%1&apos;</source>
        <translation>Mandant &apos;%1&apos; nicht gefunden</translation>
    </message>
    <message>
        <source>no tenant %1</source>
        <translation>Mandant %1 nicht gefunden</translation>
    </message>
    <message>
        <source>no user &apos;%1&apos;</source>
        <translation>Benutzer &apos;%1&apos; nicht gefunden</translation>
    </message>
    <message>
        <source>no user %1</source>
        <translation>Benutzer %1 nicht gefunden</translation>
    </message>
    <message>
        <source>no catalog item &apos;%1&apos;</source>
        <translation>Katalogeintrag &apos;%1&apos; nicht gefunden</translation>
    </message>
    <message>
        <source>the database has no audit key record</source>
        <translation>die Datenbank hat keinen Eintrag für ihren Audit-Schlüssel</translation>
    </message>
    <message>
        <source>the database added the cart line but gave no id</source>
        <translation>die Datenbank hat die Warenkorbzeile angelegt, aber keine ID geliefert</translation>
    </message>
</context>
<context>
    <name>ordo::TicketRequests</name>
    <message>
        <source>no ticket request %1</source>
        <translation>keine Ticketanfrage %1</translation>
    </message>
</context>
<context>
    <name>ordo::UsageService</name>
    <message>
        <source>you have no role in %1 that shows usage</source>
        <translation>Sie haben in %1 keine Rolle, die die Nutzung zeigt</translation>
    </message>
</context>
<context>
    <name>ordo::WorkflowService</name>
    <message>
        <source>only support staff and admins work with workflows</source>
        <translation>nur Support-Mitarbeiter und Administratoren können mit Workflows arbeiten</translation>
    </message>
    <message>
        <source>only admins start a workflow by hand</source>
        <translation>nur Administratoren können einen Workflow manuell starten</translation>
    </message>
    <message>
        <source>no workflow %1</source>
        <translation>Workflow %1 nicht gefunden</translation>
    </message>
    <message>
        <source>a support action needs a reason: say why</source>
        <translation>eine Support-Aktion braucht eine Begründung: geben Sie an, warum</translation>
    </message>
    <message>
        <source>a workflow is started by hand on the database owner&apos;s connection: engines take no such request from a person&apos;s own login yet</source>
        <translation>ein Workflow wird über die Verbindung des Datenbankeigentümers von Hand gestartet: Engines nehmen eine solche Anfrage von der eigenen Anmeldung einer Person noch nicht an</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Connectors</name>
    <message>
        <source>no connector &apos;%1&apos; (connectors: %2)</source>
        <translation>Connector &apos;%1&apos; nicht gefunden (Connectors: %2)</translation>
    </message>
    <message>
        <source>%1 settings: cannot read the CA file %2</source>
        <translation>%1-Einstellungen: die CA-Datei %2 ist nicht lesbar</translation>
    </message>
    <message>
        <source>%1 settings: &apos;timeoutMs&apos; must be from 100 to 600000</source>
        <translation>%1-Einstellungen: &apos;timeoutMs&apos; muss zwischen 100 und 600000 liegen</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Guest</name>
    <message>
        <source>port %1 is not a port</source>
        <translation>%1 ist kein Port</translation>
    </message>
    <message>
        <source>cannot reach %1:%2 over SSH: %3</source>
        <translation>%1:%2 ist über SSH nicht erreichbar: %3</translation>
    </message>
    <message>
        <source>%1 showed no host key: %2</source>
        <translation>%1 hat keinen Hostschlüssel gezeigt: %2</translation>
    </message>
    <message>
        <source>cannot hash the host key of %1</source>
        <translation>der Hostschlüssel von %1 lässt sich nicht hashen</translation>
    </message>
    <message>
        <source>the host key of %1 changed: recorded %2, now %3. Refused: if the guest was rebuilt, forget the old key with &apos;ordoctl guests forget %1&apos;</source>
        <translation>der Hostschlüssel von %1 hat sich geändert: aufgezeichnet %2, jetzt %3. Abgelehnt: Wurde der Gast neu aufgebaut, vergessen Sie den alten Schlüssel mit &apos;ordoctl guests forget %1&apos;</translation>
    </message>
    <message>
        <source>the secret &apos;%1&apos; is not an SSH private key without a passphrase</source>
        <translation>das Geheimnis &apos;%1&apos; ist kein privater SSH-Schlüssel ohne Passphrase</translation>
    </message>
    <message>
        <source>SSH login to %1 failed: %2</source>
        <translation>SSH-Anmeldung bei %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1 refused the key &apos;%2&apos; for user %3</source>
        <translation>%1 hat den Schlüssel &apos;%2&apos; für den Benutzer %3 abgelehnt</translation>
    </message>
    <message>
        <source>cannot run &apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos; lässt sich nicht ausführen: %2</translation>
    </message>
    <message>
        <source>cancelled while running &apos;%1&apos;</source>
        <translation>abgebrochen während &apos;%1&apos; lief</translation>
    </message>
    <message>
        <source>&apos;%1&apos; did not finish in time</source>
        <translation>&apos;%1&apos; wurde nicht rechtzeitig fertig</translation>
    </message>
    <message>
        <source>the SSH connection broke while running &apos;%1&apos;: %2</source>
        <translation>die SSH-Verbindung brach ab, während &apos;%1&apos; lief: %2</translation>
    </message>
    <message>
        <source>command: give a command or a list of non-empty commands</source>
        <translation>command: geben Sie einen Befehl oder eine Liste nicht leerer Befehle an</translation>
    </message>
    <message>
        <source>&apos;%1&apos; on %2 exited with %3%4</source>
        <translation>&apos;%1&apos; auf %2 endete mit %3%4</translation>
    </message>
    <message>
        <source>&apos;true&apos; failed on %1</source>
        <translation>&apos;true&apos; ist auf %1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled while waiting for %1</source>
        <translation>abgebrochen beim Warten auf %1</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Hypervisor</name>
    <message>
        <source>the template&apos;s domain XML is malformed at line %1, column %2: %3</source>
        <translation>das Domain-XML der Vorlage ist fehlerhaft in Zeile %1, Spalte %2: %3</translation>
    </message>
    <message>
        <source>the template&apos;s XML is no libvirt domain with a &lt;name&gt;</source>
        <translation>das XML der Vorlage ist keine libvirt-Domain mit einem &lt;name&gt;</translation>
    </message>
    <message>
        <source>template %1: %2</source>
        <translation>Vorlage %1: %2</translation>
    </message>
    <message>
        <source>unknown libvirt error</source>
        <translation>unbekannter libvirt-Fehler</translation>
    </message>
    <message>
        <source>looking up %1 on %2</source>
        <translation>Suchen von %1 auf %2</translation>
    </message>
    <message>
        <source>no VM named &apos;%1&apos; on any host</source>
        <translation>VM &apos;%1&apos; auf keinem Host gefunden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid VM name</source>
        <translation>&apos;%1&apos; ist kein gültiger VM-Name</translation>
    </message>
    <message>
        <source>no template &apos;%1&apos; (templates: %2)</source>
        <translation>Vorlage &apos;%1&apos; nicht gefunden (Vorlagen: %2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the name of a template</source>
        <translation>&apos;%1&apos; ist der Name einer Vorlage</translation>
    </message>
    <message>
        <source>%1 already exists on %2</source>
        <translation>%1 existiert bereits auf %2</translation>
    </message>
    <message>
        <source>reading the capacity of %1</source>
        <translation>Lesen der Kapazität von %1</translation>
    </message>
    <message>
        <source>listing the VMs of %1</source>
        <translation>Auflisten der VMs von %1</translation>
    </message>
    <message>
        <source>cannot lock the test farm (%1): %2</source>
        <translation>die Testfarm kann nicht gesperrt werden (%1): %2</translation>
    </message>
    <message>
        <source>cannot save the test farm&apos;s node file %1</source>
        <translation>die Knotendatei %1 der Testfarm kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>reading %1 on %2</source>
        <translation>Lesen von %1 auf %2</translation>
    </message>
    <message>
        <source>no host has the template &apos;%1&apos;</source>
        <translation>kein Host hat die Vorlage &apos;%1&apos;</translation>
    </message>
    <message>
        <source>no host has room for %1 GiB and %2 vCPUs (full: %3)</source>
        <translation>kein Host hat Platz für %1 GiB und %2 vCPUs (ausgelastet: %3)</translation>
    </message>
    <message>
        <source>%1 has no room to give %2 %3 vCPUs: its other VMs have %4 of at most %5</source>
        <translation>%1 hat keinen Platz, um %2 %3 vCPUs zu geben: seine anderen VMs haben %4 von höchstens %5</translation>
    </message>
    <message>
        <source>reading template %1</source>
        <translation>Lesen der Vorlage %1</translation>
    </message>
    <message>
        <source>defining %1 on %2</source>
        <translation>Definieren von %1 auf %2</translation>
    </message>
    <message>
        <source>cloned %1 from %2 on %3</source>
        <translation>%1 aus %2 auf %3 geklont</translation>
    </message>
    <message>
        <source>%1 vCPUs and %2 GiB are out of range</source>
        <translation>%1 vCPUs und %2 GiB liegen außerhalb des zulässigen Bereichs</translation>
    </message>
    <message>
        <source>setting %1 vCPUs on %2</source>
        <translation>Setzen von %1 vCPUs auf %2</translation>
    </message>
    <message>
        <source>setting %1 GiB of memory on %2</source>
        <translation>Setzen von %1 GiB Arbeitsspeicher auf %2</translation>
    </message>
    <message>
        <source>starting %1</source>
        <translation>Starten von %1</translation>
    </message>
    <message>
        <source>stopping %1</source>
        <translation>Stoppen von %1</translation>
    </message>
    <message>
        <source>%1 is not running</source>
        <translation>%1 läuft nicht</translation>
    </message>
    <message>
        <source>cancelled while waiting for an address</source>
        <translation>abgebrochen beim Warten auf eine Adresse</translation>
    </message>
    <message>
        <source>%1 got no address within %2 ms</source>
        <translation>%1 hat innerhalb von %2 ms keine Adresse erhalten</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a template and is never destroyed</source>
        <translation>&apos;%1&apos; ist eine Vorlage und wird niemals gelöscht</translation>
    </message>
    <message>
        <source>removing %1</source>
        <translation>Entfernen von %1</translation>
    </message>
    <message>
        <source>destroyed %1 on %2</source>
        <translation>%1 auf %2 gelöscht</translation>
    </message>
    <message>
        <source>connecting to %1 (%2)</source>
        <translation>Verbinden mit %1 (%2)</translation>
    </message>
    <message>
        <source>hypervisor settings: hosts/%1 needs a name and a uri</source>
        <translation>Hypervisor-Einstellungen: hosts/%1 benötigt einen Namen (name) und eine URI (uri)</translation>
    </message>
    <message>
        <source>hypervisor settings: no hosts</source>
        <translation>Hypervisor-Einstellungen: keine Hosts</translation>
    </message>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>cannot write the test farm&apos;s node file %1</source>
        <translation>Node-Datei %1 der Testfarm kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>a VM named &apos;%1&apos; already exists on %2 and was not made by this step</source>
        <translation>eine VM namens &apos;%1&apos; gibt es auf %2 bereits, und sie stammt nicht von diesem Schritt</translation>
    </message>
    <message>
        <source>looking up template %1 on %2</source>
        <translation>Suchen der Vorlage %1 auf %2</translation>
    </message>
    <message>
        <source>reading the state of %1</source>
        <translation>Lesen des Zustands von %1</translation>
    </message>
    <message>
        <source>qemu-img is not installed</source>
        <translation>qemu-img ist nicht installiert</translation>
    </message>
    <message>
        <source>cannot make the disk overlay %1: %2</source>
        <translation>das Festplatten-Overlay %1 lässt sich nicht anlegen: %2</translation>
    </message>
    <message>
        <source>no free port for the SSH forward of %1</source>
        <translation>kein freier Port für die SSH-Weiterleitung von %1</translation>
    </message>
    <message>
        <source>could not remove %1</source>
        <translation>%1 ließ sich nicht entfernen</translation>
    </message>
    <message>
        <source>defining a template on %1</source>
        <translation>beim Definieren einer Vorlage auf %1</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Metering</name>
    <message>
        <source>usage record %1 is already started</source>
        <translation>Nutzungsdatensatz %1 ist bereits gestartet</translation>
    </message>
    <message>
        <source>order %1 has no line of item &apos;%2&apos;</source>
        <translation>Bestellung %1 hat keine Position des Artikels &apos;%2&apos;</translation>
    </message>
    <message>
        <source>order %1 has lines of item &apos;%2&apos; at different prices</source>
        <translation>Bestellung %1 hat Positionen des Artikels &apos;%2&apos; zu verschiedenen Preisen</translation>
    </message>
    <message>
        <source>metering %1 as usage record %2 at %3 cents a month (%4)</source>
        <translation>%1 wird als Nutzungsdatensatz %2 zu %3 Cent im Monat (%4) gemessen</translation>
    </message>
    <message>
        <source>stopped metering usage record %1</source>
        <translation>Messung von Nutzungsdatensatz %1 beendet</translation>
    </message>
    <message>
        <source>order %1 has no line %2</source>
        <translation>Bestellung %1 hat keine Position %2</translation>
    </message>
    <message>
        <source>line %1 of order %2 holds no item &apos;%3&apos;</source>
        <translation>Position %1 der Bestellung %2 enthält keinen Artikel „%3“</translation>
    </message>
    <message>
        <source>no usage record %1</source>
        <translation>Nutzungsdatensatz %1 nicht gefunden</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Rest</name>
    <message>
        <source>%1: libcurl could not start</source>
        <translation>%1: libcurl konnte nicht starten</translation>
    </message>
    <message>
        <source>%1 settings: &apos;url&apos; must be an https:// address</source>
        <translation>%1-Einstellungen: &apos;url&apos; muss eine https://-Adresse sein</translation>
    </message>
    <message>
        <source>%1 settings: &apos;user&apos; and &apos;passwordSecret&apos; (the password or API token in the keychain) are needed</source>
        <translation>%1-Einstellungen: &apos;user&apos; und &apos;passwordSecret&apos; (das Passwort oder API-Token im Schlüsselbund) werden gebraucht</translation>
    </message>
    <message>
        <source>ServiceNow answered without a sys_id</source>
        <translation>ServiceNow antwortete ohne sys_id</translation>
    </message>
    <message>
        <source>Jira answered without an issue key</source>
        <translation>Jira antwortete ohne Vorgangsschlüssel</translation>
    </message>
    <message>
        <source>url: &apos;%1&apos; is not an http(s) address</source>
        <translation>url: &apos;%1&apos; ist keine http(s)-Adresse</translation>
    </message>
    <message>
        <source>method: &apos;%1&apos; is not one of %2</source>
        <translation>method: &apos;%1&apos; ist keine von %2</translation>
    </message>
    <message>
        <source>no certificate in the CA file %1</source>
        <translation>kein Zertifikat in der CA-Datei %1</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <source>%1: no answer within %2 ms</source>
        <translation>%1: keine Antwort innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>HTTP %1 from %2: %3</source>
        <translation>HTTP %1 von %2: %3</translation>
    </message>
    <message>
        <source>%1: the server&apos;s TLS certificate was not accepted: %2</source>
        <translation>%1: das TLS-Zertifikat des Servers wurde nicht akzeptiert: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 settings: &apos;profile&apos; is %2, not &apos;%3&apos;</source>
        <translation>%1-Einstellungen: &apos;profile&apos; ist %2, nicht &apos;%3&apos;</translation>
    </message>
    <message>
        <source>%1 settings: unknown setting &apos;%2&apos; (settings: %3)</source>
        <translation>%1-Einstellungen: unbekannte Einstellung &apos;%2&apos; (Einstellungen: %3)</translation>
    </message>
    <message>
        <source>%1 settings: &apos;project&apos; names the Jira project key</source>
        <translation>%1-Einstellungen: &apos;project&apos; nennt den Jira-Projektschlüssel</translation>
    </message>
    <message>
        <source>servicenow or jira</source>
        <translation>servicenow oder jira</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; may not be empty or hold ^ / ? # &amp; = or spaces</source>
        <translation>%1: &apos;%2&apos; darf nicht leer sein und kein ^ / ? # &amp; = oder Leerzeichen enthalten</translation>
    </message>
    <message>
        <source>correlationId: &apos;%1&apos; may not hold ^ or line breaks</source>
        <translation>correlationId: &apos;%1&apos; darf kein ^ und keine Zeilenumbrüche enthalten</translation>
    </message>
    <message>
        <source>%1: credentials are sent over https only</source>
        <translation>%1: Zugangsdaten werden nur über https gesendet</translation>
    </message>
    <message>
        <source>%1: redirected to %2, another origin; redirects are followed within the origin only</source>
        <translation>%1: umgeleitet nach %2, einem anderen Ursprung; Umleitungen werden nur innerhalb des Ursprungs verfolgt</translation>
    </message>
    <message>
        <source>http settings: unknown setting &apos;%1&apos; (settings: credentials)</source>
        <translation>http-Einstellungen: unbekannte Einstellung &apos;%1&apos; (Einstellungen: credentials)</translation>
    </message>
    <message>
        <source>http settings: &apos;credentials&apos; must be a list of {&quot;secret&quot;, &quot;origins&quot;}</source>
        <translation>http-Einstellungen: &apos;credentials&apos; muss eine Liste von {&quot;secret&quot;, &quot;origins&quot;} sein</translation>
    </message>
    <message>
        <source>http settings: credentials[%1] must hold &apos;secret&apos; and a non-empty list &apos;origins&apos;, nothing else</source>
        <translation>http-Einstellungen: credentials[%1] muss &apos;secret&apos; und eine nicht leere Liste &apos;origins&apos; enthalten, sonst nichts</translation>
    </message>
    <message>
        <source>http settings: credentials[%1]: &apos;%2&apos; is not an https origin (https://host[:port])</source>
        <translation>http-Einstellungen: credentials[%1]: &apos;%2&apos; ist kein https-Ursprung (https://host[:port])</translation>
    </message>
    <message>
        <source>passwordSecret: &apos;%1&apos; may not be sent to %2 (allow it in the http connector&apos;s &apos;credentials&apos; settings)</source>
        <translation>passwordSecret: &apos;%1&apos; darf nicht an %2 gesendet werden (in den &apos;credentials&apos;-Einstellungen des http-Connectors erlauben)</translation>
    </message>
    <message>
        <source>headers: &apos;%1&apos; is set by the connector, not by a workflow (credentials come from &apos;user&apos; and &apos;passwordSecret&apos;)</source>
        <translation>headers: &apos;%1&apos; setzt der Connector, nicht ein Workflow (Zugangsdaten kommen aus &apos;user&apos; und &apos;passwordSecret&apos;)</translation>
    </message>
    <message>
        <source>%1: the answer is larger than %2 MiB</source>
        <translation>%1: die Antwort ist größer als %2 MiB</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Script</name>
    <message>
        <source>script arguments are text, not objects (secrets go in through the keychain connector)</source>
        <translation>Skriptargumente sind Text, keine Objekte (Geheimnisse kommen über den Keychain-Connector)</translation>
    </message>
    <message>
        <source>environment variable %1 must be text</source>
        <translation>die Umgebungsvariable %1 muss Text sein</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>started %1 (pid %2)</source>
        <translation>%1 gestartet (PID %2)</translation>
    </message>
    <message>
        <source>%1 ran longer than %2 ms and was killed</source>
        <translation>%1 lief länger als %2 ms und wurde beendet</translation>
    </message>
    <message>
        <source>%1 was killed: the step was cancelled</source>
        <translation>%1 wurde beendet: der Schritt wurde abgebrochen</translation>
    </message>
    <message>
        <source>%1 crashed</source>
        <translation>%1 ist abgestürzt</translation>
    </message>
    <message>
        <source>%1 exited with %2: %3</source>
        <translation>%1 endete mit %2: %3</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::ServiceDesk</name>
    <message>
        <source>configuration item %1 is already registered</source>
        <translation>Konfigurationselement %1 ist bereits erfasst</translation>
    </message>
    <message>
        <source>registered %1 (%2) as configuration item %3</source>
        <translation>%1 (%2) als Konfigurationselement %3 erfasst</translation>
    </message>
    <message>
        <source>no ticket %1</source>
        <translation>Ticket %1 nicht gefunden</translation>
    </message>
    <message>
        <source>no configuration item %1</source>
        <translation>Konfigurationselement %1 nicht gefunden</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::Smtp</name>
    <message>
        <source>SMTP: %1</source>
        <translation>SMTP: %1</translation>
    </message>
    <message>
        <source>%1 (the server answered %2)</source>
        <translation>%1 (der Server antwortete %2)</translation>
    </message>
    <message>
        <source>%1: the server&apos;s TLS certificate or TLS itself failed</source>
        <translation>%1: das TLS-Zertifikat des Servers oder TLS selbst ist gescheitert</translation>
    </message>
    <message>
        <source>mail settings: unknown setting &apos;%1&apos; (settings: %2)</source>
        <translation>Maileinstellungen: unbekannte Einstellung &apos;%1&apos; (Einstellungen: %2)</translation>
    </message>
    <message>
        <source>mail settings: &apos;host&apos; names the SMTP server</source>
        <translation>Maileinstellungen: &apos;host&apos; nennt den SMTP-Server</translation>
    </message>
    <message>
        <source>mail settings: &apos;port&apos; must be a number from 1 to 65535</source>
        <translation>Maileinstellungen: &apos;port&apos; muss eine Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>mail settings: &apos;security&apos; is starttls, tls or none, not &apos;%1&apos;</source>
        <translation>Maileinstellungen: &apos;security&apos; ist starttls, tls oder none, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>mail settings: &apos;user&apos; needs &apos;passwordSecret&apos;, the name of the password in the keychain</source>
        <translation>Maileinstellungen: &apos;user&apos; braucht &apos;passwordSecret&apos;, den Namen des Passworts im Schlüsselbund</translation>
    </message>
    <message>
        <source>mail settings: &apos;from&apos; must be a mail address</source>
        <translation>Maileinstellungen: &apos;from&apos; muss eine Mailadresse sein</translation>
    </message>
    <message>
        <source>SMTP: libcurl could not start</source>
        <translation>SMTP: libcurl konnte nicht starten</translation>
    </message>
    <message>
        <source>mail settings: with &apos;user&apos;, &apos;security&apos; none would send the password in plain text; use starttls or tls</source>
        <translation>Maileinstellungen: mit &apos;user&apos; würde &apos;security&apos; none das Passwort im Klartext senden; verwenden Sie starttls oder tls</translation>
    </message>
    <message>
        <source>SMTP: delivery stopped with the program; the mail stays queued</source>
        <translation>SMTP: Zustellung mit dem Programm beendet; die Mail bleibt in der Warteschlange</translation>
    </message>
</context>
<context>
    <name>ordo::connectors::TicketSender</name>
    <message>
        <source>the ticket to comment on was never opened</source>
        <translation>das zu kommentierende Ticket wurde nie eröffnet</translation>
    </message>
</context>
<context>
    <name>ordo::engine::Actions</name>
    <message>
        <source>cancelled after %1 ms</source>
        <translation>abgebrochen nach %1 ms</translation>
    </message>
    <message>
        <source>unknown error kind &apos;%1&apos;</source>
        <translation>unbekannte Fehlerart &apos;%1&apos;</translation>
    </message>
    <message>
        <source>failing on purpose (attempt %1 of %2 that fail)</source>
        <translation>schlägt absichtlich fehl (Versuch %1 von %2 fehlschlagenden Versuchen)</translation>
    </message>
</context>
<context>
    <name>ordo::engine::Engine</name>
    <message>
        <source>the attempt timed out</source>
        <translation>Zeitüberschreitung beim Versuch</translation>
    </message>
    <message>
        <source>no action %1 in this engine</source>
        <translation>Aktion %1 ist in dieser Engine nicht vorhanden</translation>
    </message>
    <message>
        <source>cancelled before it started</source>
        <translation>abgebrochen, bevor er begann</translation>
    </message>
</context>
<context>
    <name>ordo::engine::Expression</name>
    <message>
        <source>&apos;${%1}&apos; must start with inputs., steps., secrets. or workflow.</source>
        <translation>&apos;${%1}&apos; muss mit inputs., steps., secrets. oder workflow. beginnen</translation>
    </message>
    <message>
        <source>&apos;${%1}&apos; has an empty or invalid name part &apos;%2&apos;</source>
        <translation>&apos;${%1}&apos; hat einen leeren oder ungültigen Namensteil &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;${%1}&apos;: write steps.ID.outputs.NAME or steps.ID.state</source>
        <translation>&apos;${%1}&apos;: schreiben Sie steps.ID.outputs.NAME oder steps.ID.state</translation>
    </message>
    <message>
        <source>&apos;${%1}&apos; names no value</source>
        <translation>&apos;${%1}&apos; bezeichnet keinen Wert</translation>
    </message>
    <message>
        <source>unexpected &apos;%1&apos;</source>
        <translation>unerwarteter Text &apos;%1&apos;</translation>
    </message>
    <message>
        <source>at character %1: %2</source>
        <translation>bei Zeichen %1: %2</translation>
    </message>
    <message>
        <source>expected a value</source>
        <translation>erwartet wird ein Wert</translation>
    </message>
    <message>
        <source>expected &apos;)&apos;</source>
        <translation>erwartet wird &apos;)&apos;</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>unterminated ${</source>
        <translation>nicht abgeschlossenes ${</translation>
    </message>
    <message>
        <source>&apos;${&apos; without a closing &apos;}&apos;</source>
        <translation>&apos;${&apos; ohne schließendes &apos;}&apos;</translation>
    </message>
    <message>
        <source>&apos;${%1}&apos; refers to a value that does not exist</source>
        <translation>&apos;${%1}&apos; verweist auf einen Wert, den es nicht gibt</translation>
    </message>
    <message>
        <source>nested deeper than %1 levels</source>
        <translation>tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>the inputs come to more than %1 characters of JSON text, the most a step may take</source>
        <translation>die Eingaben ergeben mehr als %1 Zeichen JSON-Text, mehr als ein Schritt annehmen darf</translation>
    </message>
</context>
<context>
    <name>ordo::engine::JsonReader</name>
    <message>
        <source>unexpected text after the end of the document</source>
        <translation>unerwarteter Text nach dem Ende des Dokuments</translation>
    </message>
    <message>
        <source>nested deeper than %1 levels</source>
        <translation>tiefer als %1 Ebenen verschachtelt</translation>
    </message>
    <message>
        <source>unexpected end of the document</source>
        <translation>unerwartetes Ende des Dokuments</translation>
    </message>
    <message>
        <source>expected a key in double quotes</source>
        <translation>erwartet wird ein Schlüssel in doppelten Anführungszeichen</translation>
    </message>
    <message>
        <source>the key &apos;%1&apos; appears twice</source>
        <translation>der Schlüssel &apos;%1&apos; kommt doppelt vor</translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after the key</source>
        <translation>erwartet wird &apos;:&apos; nach dem Schlüssel</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos;</source>
        <translation>erwartet wird &apos;,&apos; oder &apos;}&apos;</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos;</source>
        <translation>erwartet wird &apos;,&apos; oder &apos;]&apos;</translation>
    </message>
    <message>
        <source>control character inside a string</source>
        <translation>Steuerzeichen innerhalb einer Zeichenkette</translation>
    </message>
    <message>
        <source>bad \u escape</source>
        <translation>ungültige \u-Escape-Sequenz</translation>
    </message>
    <message>
        <source>bad surrogate pair</source>
        <translation>ungültiges Surrogatpaar</translation>
    </message>
    <message>
        <source>unknown escape &apos;\%1&apos;</source>
        <translation>unbekannte Escape-Sequenz &apos;\%1&apos;</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>nicht abgeschlossene Zeichenkette</translation>
    </message>
    <message>
        <source>expected a value</source>
        <translation>erwartet wird ein Wert</translation>
    </message>
    <message>
        <source>expected digits after &apos;.&apos;</source>
        <translation>erwartet werden Ziffern nach &apos;.&apos;</translation>
    </message>
    <message>
        <source>expected digits in the exponent</source>
        <translation>erwartet werden Ziffern im Exponenten</translation>
    </message>
    <message>
        <source>number out of range</source>
        <translation>Zahl außerhalb des zulässigen Bereichs</translation>
    </message>
</context>
<context>
    <name>ordo::engine::Requests</name>
    <message>
        <source>%1 may no longer cancel order %2: only the customer who ordered it, or an admin of its tenant, cancels it</source>
        <translation>%1 darf Bestellung %2 nicht mehr stornieren: nur der Kunde, der sie bestellt hat, oder ein Administrator ihres Mandanten kann sie stornieren</translation>
    </message>
    <message>
        <source>%1 no longer looks after workflow %2: only support staff and admins work with workflows</source>
        <translation>%1 betreut Workflow %2 nicht mehr: nur Support-Mitarbeiter und Administratoren können mit Workflows arbeiten</translation>
    </message>
    <message>
        <source>the inputs or outputs given are no JSON object</source>
        <translation>die angegebenen Eingaben oder Ausgaben sind kein JSON-Objekt</translation>
    </message>
    <message>
        <source>no support operation is called %1</source>
        <translation>keine Support-Operation heißt %1</translation>
    </message>
    <message>
        <source>order %1 cancelled: %2</source>
        <translation>Bestellung %1 storniert: %2</translation>
    </message>
    <message>
        <source>%1 may no longer check out in %2: only its customers have a cart</source>
        <translation>%1 darf in %2 nicht mehr bestellen: nur seine Kunden haben einen Warenkorb</translation>
    </message>
    <message>
        <source>this engine starts no order workflows: its host places no orders</source>
        <translation>diese Engine startet keine Bestell-Workflows: ihr Host gibt keine Bestellungen auf</translation>
    </message>
</context>
<context>
    <name>ordo::engine::Runtime</name>
    <message>
        <source>no workflow definition %1 version %2</source>
        <translation>Workflow-Definition %1 Version %2 nicht gefunden</translation>
    </message>
    <message>
        <source>the stored definition %1 version %2 no longer validates: %3</source>
        <translation>die gespeicherte Definition %1 Version %2 ist nicht mehr gültig: %3</translation>
    </message>
    <message>
        <source>no workflow %1</source>
        <translation>Workflow %1 nicht gefunden</translation>
    </message>
    <message>
        <source>no step instance %1</source>
        <translation>Schrittinstanz %1 nicht gefunden</translation>
    </message>
    <message>
        <source>workflow %1 has no step &apos;%2&apos;</source>
        <translation>Workflow %1 hat keinen Schritt &apos;%2&apos;</translation>
    </message>
    <message>
        <source>step &apos;%1&apos;</source>
        <translation>Schritt &apos;%1&apos;</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; was changed by somebody else meanwhile</source>
        <translation>Schritt &apos;%1&apos; wurde inzwischen von jemand anderem geändert</translation>
    </message>
    <message>
        <source>workflow %1</source>
        <translation>Workflow %1</translation>
    </message>
    <message>
        <source>workflow %1 was changed by somebody else meanwhile</source>
        <translation>Workflow %1 wurde inzwischen von jemand anderem geändert</translation>
    </message>
    <message>
        <source>%1 by %2: %3</source>
        <translation>%1 von %2: %3</translation>
    </message>
    <message>
        <source>every step it comes after was skipped</source>
        <translation>alle Schritte, auf die er folgt, wurden übersprungen</translation>
    </message>
    <message>
        <source>condition is false: %1</source>
        <translation>Bedingung ist nicht erfüllt: %1</translation>
    </message>
    <message>
        <source>compensation scheduled</source>
        <translation>Kompensation eingeplant</translation>
    </message>
    <message>
        <source>%1 (overall timeout of %2 ms reached)</source>
        <translation>%1 (Zeitüberschreitung: Gesamtlimit von %2 ms erreicht)</translation>
    </message>
    <message>
        <source>the compensation of step &apos;%1&apos; is still running: roll back once it has ended</source>
        <translation>die Kompensation von Schritt &apos;%1&apos; läuft noch: erst nach ihrem Ende zurückrollen</translation>
    </message>
    <message>
        <source>the rollback is incomplete: compensating &apos;%1&apos; failed: %2</source>
        <translation>der Rollback ist unvollständig: die Kompensation von &apos;%1&apos; ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; of workflow %2 (%3) failed: %4</source>
        <translation>Schritt &apos;%1&apos; von Workflow %2 (%3) ist fehlgeschlagen: %4</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; failed: %2</source>
        <translation>Schritt &apos;%1&apos; ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>the workflow definition is not valid: %1</source>
        <translation>die Workflow-Definition ist ungültig: %1</translation>
    </message>
    <message>
        <source>version %1 of workflow %2 is already defined differently: give the changed definition a new version</source>
        <translation>Version %1 des Workflows %2 ist bereits anders definiert: geben Sie der geänderten Definition eine neue Version</translation>
    </message>
    <message>
        <source>started by %1</source>
        <translation>gestartet von %1</translation>
    </message>
    <message>
        <source>its engine stopped while the workflow was %1</source>
        <translation>die zuständige Engine wurde beendet, während der Workflow den Status %1 hatte</translation>
    </message>
    <message>
        <source>its engine stopped while running it, %1 times in a row</source>
        <translation>die zuständige Engine wurde während der Ausführung beendet, %1-mal in Folge</translation>
    </message>
    <message>
        <source>taken over from %1, whose lease expired</source>
        <translation>von %1 übernommen: dessen Lease war abgelaufen</translation>
    </message>
    <message>
        <source>handed back by a stopping engine</source>
        <translation>von einer Engine beim Beenden zurückgegeben</translation>
    </message>
    <message>
        <source>nobody decided within %1 ms</source>
        <translation>niemand hat innerhalb von %1 ms entschieden</translation>
    </message>
    <message>
        <source>probe passed: resuming</source>
        <translation>Prüfung erfolgreich: wird fortgesetzt</translation>
    </message>
    <message>
        <source>probe gave up after %1 ms: %2</source>
        <translation>Prüfung nach %1 ms aufgegeben: %2</translation>
    </message>
    <message>
        <source>probe not yet: %1</source>
        <translation>Prüfung noch nicht erfolgreich: %1</translation>
    </message>
    <message>
        <source>workflow %1 is %2, not paused</source>
        <translation>Workflow %1 hat den Status %2, nicht paused</translation>
    </message>
    <message>
        <source>workflow %1 is rolled back in part (step &apos;%2&apos; is %3): only a rollback goes on from here</source>
        <translation>Workflow %1 ist teilweise zurückgerollt (Schritt &apos;%2&apos; hat den Status %3): von hier aus geht es nur mit einem Rollback weiter</translation>
    </message>
    <message>
        <source>workflow %1 is %2: its steps are not retried</source>
        <translation>Workflow %1 hat den Status %2: seine Schritte werden nicht wiederholt</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; (%2) takes no input &apos;%3&apos;</source>
        <translation>Schritt &apos;%1&apos; (%2) akzeptiert keine Eingabe &apos;%3&apos;</translation>
    </message>
    <message>
        <source>workflow %1 is %2: its steps are not skipped</source>
        <translation>Workflow %1 hat den Status %2: seine Schritte werden nicht übersprungen</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; is running: cancel or wait for the attempt first</source>
        <translation>Schritt &apos;%1&apos; läuft: brechen Sie den Versuch zuerst ab oder warten Sie sein Ende ab</translation>
    </message>
    <message>
        <source>skipped by %1: %2</source>
        <translation>übersprungen von %1: %2</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; is not a human task</source>
        <translation>Schritt &apos;%1&apos; ist keine manuelle Aufgabe</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; is %2, not waiting for a decision</source>
        <translation>Schritt &apos;%1&apos; hat den Status %2 und wartet nicht auf eine Entscheidung</translation>
    </message>
    <message>
        <source>nothing to undo: the step did not finish</source>
        <translation>nichts rückgängig zu machen: der Schritt wurde nicht abgeschlossen</translation>
    </message>
    <message>
        <source>the definition has no step &apos;%1&apos;</source>
        <translation>die Definition hat keinen Schritt &apos;%1&apos;</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; is %2: only a failed, paused, cancelled or waiting step is retried</source>
        <translation>Schritt &apos;%1&apos; hat den Status %2: nur ein fehlgeschlagener, pausierter, abgebrochener oder wartender Schritt wird wiederholt</translation>
    </message>
    <message>
        <source>no mail to %1: %2</source>
        <translation>keine Mail an %1: %2</translation>
    </message>
    <message>
        <source>the probe cannot run: %1</source>
        <translation>die Prüfung kann nicht laufen: %1</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; of step &apos;%2&apos; is not editable: the definition does not list it in &apos;editable&apos;</source>
        <translation>Eingabe &apos;%1&apos; von Schritt &apos;%2&apos; ist nicht änderbar: die Definition führt sie nicht unter &apos;editable&apos; auf</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; of step &apos;%2&apos; must be of type %3</source>
        <translation>Eingabe &apos;%1&apos; von Schritt &apos;%2&apos; muss vom Typ %3 sein</translation>
    </message>
    <message>
        <source>its outputs come to %1 characters of JSON text, more than the %2 a step may keep</source>
        <translation>seine Ausgaben ergeben %1 Zeichen JSON-Text, mehr als die %2, die ein Schritt behalten darf</translation>
    </message>
    <message>
        <source>the reason is longer than %1 characters</source>
        <translation>die Begründung ist länger als %1 Zeichen</translation>
    </message>
    <message>
        <source>no order %1</source>
        <translation>Bestellung %1 nicht gefunden</translation>
    </message>
    <message>
        <source>%1 works on an order, and this workflow belongs to none</source>
        <translation>%1 arbeitet an einer Bestellung, und dieser Workflow gehört zu keiner</translation>
    </message>
    <message>
        <source>order %1 is %2, not approved: nothing is provisioned</source>
        <translation>Bestellung %1 ist %2, nicht genehmigt: nichts wird bereitgestellt</translation>
    </message>
    <message>
        <source>unit %1 (%2): %3</source>
        <translation>Einheit %1 (%2): %3</translation>
    </message>
    <message>
        <source>every provisioning workflow succeeded</source>
        <translation>jeder Bereitstellungs-Workflow ist gelungen</translation>
    </message>
    <message>
        <source>%1 of %2 provisioning workflows did not succeed</source>
        <translation>%1 von %2 Bereitstellungs-Workflows sind nicht gelungen</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; (%2) follows its order and is not skipped: decide the order, or mend its provisioning workflows</source>
        <translation>Schritt &apos;%1&apos; (%2) folgt seiner Bestellung und wird nicht übersprungen: entscheiden Sie die Bestellung, oder reparieren Sie ihre Bereitstellungs-Workflows</translation>
    </message>
    <message>
        <source>no workflow named &apos;%1&apos; is known to this database</source>
        <translation>dieser Datenbank ist kein Workflow namens &apos;%1&apos; bekannt</translation>
    </message>
    <message>
        <source>provisioning workflows started: %1</source>
        <translation>gestartete Bereitstellungs-Workflows: %1</translation>
    </message>
    <message>
        <source>Last lines of the step&apos;s log:
%1</source>
        <translation>Letzte Zeilen des Schrittprotokolls:
%1</translation>
    </message>
    <message>
        <source>Workflow %1 #%2: step &apos;%3&apos; failed</source>
        <translation>Workflow %1 #%2: Schritt &apos;%3&apos; ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Order: %1
Workflow: %2 #%3
Step: %4 (attempt %5)
Error: %6

%7</source>
        <translation>Bestellung: %1
Workflow: %2 #%3
Schritt: %4 (Versuch %5)
Fehler: %6

%7</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; failed again (attempt %2): %3

%4</source>
        <translation>Schritt &apos;%1&apos; ist erneut fehlgeschlagen (Versuch %2): %3

%4</translation>
    </message>
    <message>
        <source>%1 of step &apos;%2&apos;</source>
        <translation>%1 von Schritt &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1 with %2</source>
        <translation>%1 mit %2</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>workflow %1 is paused already</source>
        <translation>Workflow %1 ist bereits angehalten</translation>
    </message>
    <message>
        <source>%1 needs a step</source>
        <translation>%1 benötigt einen Schritt</translation>
    </message>
</context>
<context>
    <name>ordo::engine::States</name>
    <message>
        <source>%1 is %2 and cannot become %3</source>
        <translation>%1 hat den Status %2 und kann nicht in den Status %3 wechseln</translation>
    </message>
</context>
<context>
    <name>ordo::engine::WorkflowDefinition</name>
    <message>
        <source>unknown field &apos;%1&apos; (allowed: %2)</source>
        <translation>unbekanntes Feld &apos;%1&apos; (zulässig: %2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a whole number of at least 0</source>
        <translation>&apos;%1&apos; muss eine ganze Zahl größer oder gleich 0 sein</translation>
    </message>
    <message>
        <source>&apos;notify&apos; must be a name or a list of names</source>
        <translation>&apos;notify&apos; muss ein Name oder eine Liste von Namen sein</translation>
    </message>
    <message>
        <source>the error policy must be one of pause, fail, continue, rollback</source>
        <translation>die Fehlerrichtlinie muss pause, fail, continue oder rollback sein</translation>
    </message>
    <message>
        <source>action %1 needs the input &apos;%2&apos;</source>
        <translation>Aktion %1 benötigt die Eingabe &apos;%2&apos;</translation>
    </message>
    <message>
        <source>action %1 takes no input &apos;%2&apos;</source>
        <translation>Aktion %1 akzeptiert keine Eingabe &apos;%2&apos;</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; of %2 must be of type %3</source>
        <translation>Eingabe &apos;%1&apos; von %2 muss vom Typ %3 sein</translation>
    </message>
    <message>
        <source>the definition has %1 bytes, more than the limit of %2</source>
        <translation>die Definition hat %1 Bytes, mehr als das Limit von %2</translation>
    </message>
    <message>
        <source>a workflow definition is a JSON object</source>
        <translation>eine Workflow-Definition muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>a workflow needs a name</source>
        <translation>ein Workflow benötigt einen Namen</translation>
    </message>
    <message>
        <source>a name is 1-100 letters, digits, dots, dashes or underscores</source>
        <translation>ein Name besteht aus 1 bis 100 Buchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen</translation>
    </message>
    <message>
        <source>a workflow needs a version</source>
        <translation>ein Workflow benötigt eine Version</translation>
    </message>
    <message>
        <source>&apos;inputs&apos; maps each input&apos;s name to its description</source>
        <translation>&apos;inputs&apos; ordnet jedem Eingabenamen seine Beschreibung zu</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; must be an object like {&quot;type&quot;: &quot;integer&quot;}</source>
        <translation>Eingabe &apos;%1&apos; muss ein Objekt wie {&quot;type&quot;: &quot;integer&quot;} sein</translation>
    </message>
    <message>
        <source>unknown type &apos;%1&apos;</source>
        <translation>unbekannter Typ &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the default is not of type %1</source>
        <translation>der Standardwert ist nicht vom Typ %1</translation>
    </message>
    <message>
        <source>a workflow needs a non-empty list of steps</source>
        <translation>ein Workflow benötigt eine nicht leere Liste von Schritten</translation>
    </message>
    <message>
        <source>%1 steps, more than the limit of %2</source>
        <translation>%1 Schritte, mehr als das Limit von %2</translation>
    </message>
    <message>
        <source>a step is a JSON object</source>
        <translation>ein Schritt muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>a step needs an id</source>
        <translation>ein Schritt benötigt eine ID</translation>
    </message>
    <message>
        <source>step id &apos;%1&apos;: 1-64 letters, digits, dashes or underscores, not starting with a digit or dash</source>
        <translation>Schritt-ID &apos;%1&apos;: 1 bis 64 Buchstaben, Ziffern, Bindestriche oder Unterstriche, nicht mit einer Ziffer oder einem Bindestrich beginnend</translation>
    </message>
    <message>
        <source>step id &apos;%1&apos; is already used at %2</source>
        <translation>Schritt-ID &apos;%1&apos; wird bereits unter %2 verwendet</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; needs an action</source>
        <translation>Schritt &apos;%1&apos; benötigt eine Aktion</translation>
    </message>
    <message>
        <source>unknown action &apos;%1&apos; (known: %2)</source>
        <translation>unbekannte Aktion &apos;%1&apos; (bekannt: %2)</translation>
    </message>
    <message>
        <source>&apos;with&apos; is an object of inputs</source>
        <translation>&apos;with&apos; muss ein Objekt mit Eingaben sein</translation>
    </message>
    <message>
        <source>action %1 needs the input &apos;ms&apos;</source>
        <translation>Aktion %1 benötigt die Eingabe &apos;ms&apos;</translation>
    </message>
    <message>
        <source>&apos;after&apos; is a list of step ids</source>
        <translation>&apos;after&apos; muss eine Liste von Schritt-IDs sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is listed twice</source>
        <translation>&apos;%1&apos; ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>&apos;when&apos; is a condition in a string</source>
        <translation>&apos;when&apos; muss eine Bedingung als Zeichenkette sein</translation>
    </message>
    <message>
        <source>&apos;retry&apos; is an object</source>
        <translation>&apos;retry&apos; muss ein Objekt sein</translation>
    </message>
    <message>
        <source>maxAttempts must be between 1 and 1000</source>
        <translation>maxAttempts muss zwischen 1 und 1000 liegen</translation>
    </message>
    <message>
        <source>backoff is a number from 1 to 100</source>
        <translation>backoff muss eine Zahl von 1 bis 100 sein</translation>
    </message>
    <message>
        <source>unknown error kind &apos;%1&apos; (transient, permanent, authentication, bad-input, timeout, cancelled)</source>
        <translation>unbekannte Fehlerart &apos;%1&apos; (transient, permanent, authentication, bad-input, timeout, cancelled)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is an object with an action</source>
        <translation>&apos;%1&apos; muss ein Objekt mit einer Aktion sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs an action</source>
        <translation>&apos;%1&apos; benötigt eine Aktion</translation>
    </message>
    <message>
        <source>unknown action &apos;%1&apos;</source>
        <translation>unbekannte Aktion &apos;%1&apos;</translation>
    </message>
    <message>
        <source>intervalMs must be at least 1</source>
        <translation>intervalMs muss mindestens 1 sein</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; comes after &apos;%2&apos;, which does not exist</source>
        <translation>Schritt &apos;%1&apos; folgt auf &apos;%2&apos;, aber dieser Schritt existiert nicht</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; comes after itself</source>
        <translation>Schritt &apos;%1&apos; folgt auf sich selbst</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; is part of a cycle of &apos;after&apos; references</source>
        <translation>Schritt &apos;%1&apos; ist Teil eines Zyklus von &apos;after&apos;-Verweisen</translation>
    </message>
    <message>
        <source>no input &apos;%1&apos; is declared</source>
        <translation>Eingabe &apos;%1&apos; ist nicht deklariert</translation>
    </message>
    <message>
        <source>no step &apos;%1&apos;</source>
        <translation>Schritt &apos;%1&apos; existiert nicht</translation>
    </message>
    <message>
        <source>step &apos;%1&apos; uses step &apos;%2&apos;, which it does not come after</source>
        <translation>Schritt &apos;%1&apos; verwendet Schritt &apos;%2&apos;, folgt aber nicht auf diesen</translation>
    </message>
    <message>
        <source>the workflow %1 has no input &apos;%2&apos;</source>
        <translation>der Workflow %1 hat keine Eingabe &apos;%2&apos;</translation>
    </message>
    <message>
        <source>the workflow %1 needs the input &apos;%2&apos;</source>
        <translation>der Workflow %1 benötigt die Eingabe &apos;%2&apos;</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; must be of type %2</source>
        <translation>Eingabe &apos;%1&apos; muss vom Typ %2 sein</translation>
    </message>
    <message>
        <source>input &apos;ms&apos; of %1 must be of type integer</source>
        <translation>die Eingabe &apos;ms&apos; von %1 muss vom Typ integer sein</translation>
    </message>
    <message>
        <source>&apos;nonRetryable&apos; is a list of error kinds</source>
        <translation>&apos;nonRetryable&apos; ist eine Liste von Fehlerarten</translation>
    </message>
    <message>
        <source>&apos;editable&apos; is a list of input names</source>
        <translation>&apos;editable&apos; muss eine Liste von Eingabenamen sein</translation>
    </message>
    <message>
        <source>input &apos;%1&apos; of %2 is never editable: it decides what runs, where or with which credentials</source>
        <translation>Eingabe &apos;%1&apos; von %2 ist nie änderbar: sie bestimmt, was wo oder mit welchen Zugangsdaten läuft</translation>
    </message>
    <message>
        <source>input &apos;ms&apos; of %1 is a whole number of milliseconds from 0 to %2 (366 days)</source>
        <translation>die Eingabe &apos;ms&apos; von %1 ist eine ganze Zahl von Millisekunden von 0 bis %2 (366 Tage)</translation>
    </message>
    <message>
        <source>the version is a whole number from 1 to %1</source>
        <translation>die Version ist eine ganze Zahl von 1 bis %1</translation>
    </message>
    <message>
        <source>%1 takes no inputs: it works on the workflow&apos;s order</source>
        <translation>%1 nimmt keine Eingaben: es arbeitet an der Bestellung des Workflows</translation>
    </message>
    <message>
        <source>&apos;skipReason&apos; is a text of at most 500 characters</source>
        <translation>&apos;skipReason&apos; ist ein Text von höchstens 500 Zeichen</translation>
    </message>
    <message>
        <source>&apos;skipReason&apos; says why &apos;when&apos; skips the step, and the step has no &apos;when&apos;</source>
        <translation>&apos;skipReason&apos; sagt, warum &apos;when&apos; den Schritt überspringt, und der Schritt hat kein &apos;when&apos;</translation>
    </message>
    <message>
        <source>%1 takes only &apos;level&apos; (a whole number from 1), &apos;name&apos; (the level&apos;s name) and &apos;final&apos; (true: the step waits for the whole decision): it works on the workflow&apos;s order</source>
        <translation>%1 nimmt nur „level“ (eine ganze Zahl ab 1), „name“ (den Namen der Stufe) und „final“ (true: der Schritt wartet auf die ganze Entscheidung): er arbeitet auf der Bestellung des Workflows</translation>
    </message>
</context>
</TS>
