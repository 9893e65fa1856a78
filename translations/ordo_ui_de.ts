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
    <name>ordo::ui::MainWindow</name>
    <message>
        <source>Ordo</source>
        <translation>Ordo</translation>
    </message>
    <message>
        <source>Opening %1 ...</source>
        <translation>%1 wird geöffnet ...</translation>
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
</context>
</TS>
