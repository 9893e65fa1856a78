<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ordo::ui::CatalogModel</name>
    <message>
        <source>bundle</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>from %1/month</source>
        <translation>ab %1/Monat</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>ordo::ui::MailboxModel</name>
    <message>
        <source>in the mailbox</source>
        <translation>im Postfach</translation>
    </message>
    <message numerus="yes">
        <source>waiting to be sent (%n attempt(s))</source>
        <translation>
            <numerusform>wartet auf den Versand (%n Versuch)</numerusform>
            <numerusform>wartet auf den Versand (%n Versuche)</numerusform>
        </translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>wartet auf den Versand</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>nicht zugestellt</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>To</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>ordo::ui::MainWindow</name>
    <message>
        <source>Ordo</source>
        <translation>Ordo</translation>
    </message>
    <message>
        <source>Cannot open the database: %1</source>
        <translation>Die Datenbank kann nicht geöffnet werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s) in the catalog of %1</source>
        <translation>
            <numerusform>%n Dienst im Katalog von %1</numerusform>
            <numerusform>%n Dienste im Katalog von %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation>Postfach</translation>
    </message>
    <message>
        <source>Signing in as %1 ...</source>
        <translation>Anmeldung als %1 ...</translation>
    </message>
    <message>
        <source>Cannot sign in as %1: %2</source>
        <translation>Anmeldung als %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Cannot load the catalog: %1</source>
        <translation>Der Katalog kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Cannot load the mailbox: %1</source>
        <translation>Das Postfach kann nicht geladen werden: %1</translation>
    </message>
</context>
</TS>
