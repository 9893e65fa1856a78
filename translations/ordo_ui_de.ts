<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ordo::ui::ApprovalQueueModel</name>
    <message>
        <source>%1/month</source>
        <translation>%1/Monat</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Besteller</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Positionen</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>Wartet seit</translation>
    </message>
</context>
<context>
    <name>ordo::ui::ApprovalsPage</name>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Genehmigen</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Ordo approvals</source>
        <translation>Ordo-Genehmigungen</translation>
    </message>
    <message>
        <source>Search order, requester or item</source>
        <translation>Bestellung, Besteller oder Artikel suchen</translation>
    </message>
    <message>
        <source>Search the queue</source>
        <translation>Warteschlange durchsuchen</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Besteller</translation>
    </message>
    <message>
        <source>Every requester</source>
        <translation>Alle Besteller</translation>
    </message>
    <message>
        <source>Lowest monthly cost</source>
        <translation>Niedrigste monatliche Kosten</translation>
    </message>
    <message>
        <source>Show only orders that cost at least this much a month</source>
        <translation>Nur Bestellungen anzeigen, die mindestens so viel pro Monat kosten</translation>
    </message>
    <message>
        <source>Re&amp;quester:</source>
        <translation>&amp;Besteller:</translation>
    </message>
    <message>
        <source>Co&amp;st from:</source>
        <translation>&amp;Kosten ab:</translation>
    </message>
    <message>
        <source>Orders waiting for your approval</source>
        <translation>Bestellungen, die auf Ihre Genehmigung warten</translation>
    </message>
    <message>
        <source>J or Down: next order; K or Up: previous; Shift or Ctrl to select several for one decision</source>
        <translation>J oder Down: nächste Bestellung; K oder Up: vorherige; Shift oder Ctrl, um mehrere für eine Entscheidung auszuwählen</translation>
    </message>
    <message>
        <source>Order details</source>
        <translation>Bestelldetails</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Comment (a rejection needs one)</source>
        <translation>Kommentar (für eine Ablehnung erforderlich)</translation>
    </message>
    <message>
        <source>C: write a comment; Ctrl+Enter confirms the decision, Esc takes it back</source>
        <translation>C: Kommentar schreiben; Ctrl+Enter bestätigt die Entscheidung, Esc nimmt sie zurück</translation>
    </message>
    <message>
        <source>A: approve the selected orders (Ctrl+Enter confirms)</source>
        <translation>A: ausgewählte Bestellungen genehmigen (Ctrl+Enter bestätigt)</translation>
    </message>
    <message>
        <source>R: reject the selected orders (Ctrl+Enter confirms)</source>
        <translation>R: ausgewählte Bestellungen ablehnen (Ctrl+Enter bestätigt)</translation>
    </message>
    <message>
        <source>Ctrl+Enter: decide on the selected orders with the comment</source>
        <translation>Ctrl+Enter: über die ausgewählten Bestellungen mit dem Kommentar entscheiden</translation>
    </message>
    <message>
        <source>Results of the decision</source>
        <translation>Ergebnisse der Entscheidung</translation>
    </message>
    <message>
        <source>Cannot load the approval queue: %1</source>
        <translation>Die Genehmigungswarteschlange kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>&lt;p&gt;Nothing waits for your approval.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Nichts wartet auf Ihre Genehmigung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Choose an order.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie eine Bestellung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Order %1&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Bestellung %1&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Requested by &lt;b&gt;%1&lt;/b&gt; (%2) on %3</source>
        <translation>Bestellt von &lt;b&gt;%1&lt;/b&gt; (%2) am %3</translation>
    </message>
    <message>
        <source>Cost: &lt;b&gt;%1&lt;/b&gt; a month</source>
        <translation>Kosten: &lt;b&gt;%1&lt;/b&gt; pro Monat</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>Decided by default if nobody decides by %1</source>
        <translation>Wird standardmäßig entschieden, wenn bis %1 niemand entscheidet</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Policy&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Richtlinie&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>all of %1</source>
        <translation>alle von %1</translation>
    </message>
    <message>
        <source>any one of %1</source>
        <translation>eine beliebige Person von %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 (waiting here)&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 (wartet hier)&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Items&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Positionen&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>%1 × %2, %3 a month each</source>
        <translation>%1 × %2, je %3 pro Monat</translation>
    </message>
    <message>
        <source>no longer in the catalog: nothing to compare with</source>
        <translation>nicht mehr im Katalog: kein Vergleich möglich</translation>
    </message>
    <message>
        <source>every parameter as the catalog&apos;s default</source>
        <translation>alle Parameter wie im Katalog-Standard</translation>
    </message>
    <message>
        <source>%1: &lt;b&gt;%2&lt;/b&gt; (catalog default %3)</source>
        <translation>%1: &lt;b&gt;%2&lt;/b&gt; (Katalog-Standard %3)</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Quota impact&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Auswirkung auf das Kontingent&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <source>VMs</source>
        <translation>VMs</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>in use without the order → with it / limit</source>
        <translation>belegt ohne die Bestellung → mit ihr / Limit</translation>
    </message>
    <message>
        <source>&lt;h4&gt;Decisions&lt;/h4&gt;</source>
        <translation>&lt;h4&gt;Entscheidungen&lt;/h4&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;No decisions yet.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Noch keine Entscheidungen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 approved at level %2 on %3</source>
        <translation>%1 hat auf Stufe %2 am %3 genehmigt</translation>
    </message>
    <message>
        <source>%1 rejected at level %2 on %3</source>
        <translation>%1 hat auf Stufe %2 am %3 abgelehnt</translation>
    </message>
    <message>
        <source>Order %1 left your queue.</source>
        <translation>Bestellung %1 hat Ihre Warteschlange verlassen.</translation>
    </message>
    <message>
        <source>Order %1 left your queue: it is %2, decided by %3 at %4.</source>
        <translation>Bestellung %1 hat Ihre Warteschlange verlassen: Sie ist %2, entschieden von %3 um %4.</translation>
    </message>
    <message numerus="yes">
        <source>Approve %n order(s)</source>
        <translation>
            <numerusform>%n Bestellung genehmigen</numerusform>
            <numerusform>%n Bestellungen genehmigen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n order(s)</source>
        <translation>
            <numerusform>%n Bestellung ablehnen</numerusform>
            <numerusform>%n Bestellungen ablehnen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deciding on %n order(s) ...</source>
        <translation>
            <numerusform>Entscheidung über %n Bestellung ...</numerusform>
            <numerusform>Entscheidung über %n Bestellungen ...</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot decide: %1</source>
        <translation>Entscheidung nicht möglich: %1</translation>
    </message>
    <message>
        <source>Order %1: %2.</source>
        <translation>Bestellung %1: %2.</translation>
    </message>
    <message>
        <source>Order %1: %2</source>
        <translation>Bestellung %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n order(s) decided; the table below has each result.</source>
        <translation>
            <numerusform>%1 von %n Bestellung entschieden; die Tabelle unten zeigt jedes Ergebnis.</numerusform>
            <numerusform>%1 von %n Bestellungen entschieden; die Tabelle unten zeigt jedes Ergebnis.</numerusform>
        </translation>
    </message>
    <message>
        <source>An order waits for your approval</source>
        <translation>Eine Bestellung wartet auf Ihre Genehmigung</translation>
    </message>
    <message>
        <source>Order %1 from %2: %3 a month</source>
        <translation>Bestellung %1 von %2: %3 pro Monat</translation>
    </message>
    <message>
        <source>Order %1 waits for your decision.</source>
        <translation>Bestellung %1 wartet auf Ihre Entscheidung.</translation>
    </message>
    <message>
        <source>Order %1 does not wait for your approval: it is not an order you approve.</source>
        <translation>Bestellung %1 wartet nicht auf Ihre Genehmigung: Sie genehmigen diese Bestellung nicht.</translation>
    </message>
    <message>
        <source>Order %1 does not wait for your approval: it is %2 (last changed by %3 at %4).</source>
        <translation>Bestellung %1 wartet nicht auf Ihre Genehmigung: Sie ist %2 (zuletzt geändert von %3 um %4).</translation>
    </message>
    <message>
        <source>Order %1 does not wait for your approval: it is %2, decided by %3 at %4.</source>
        <translation>Bestellung %1 wartet nicht auf Ihre Genehmigung: Sie ist %2, entschieden von %3 um %4.</translation>
    </message>
    <message>
        <source>Order %1 does not wait for your approval: it waits for %2.</source>
        <translation>Bestellung %1 wartet nicht auf Ihre Genehmigung: Sie wartet auf %2.</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>jemand anderem</translation>
    </message>
    <message>
        <source>The order exceeds a quota:</source>
        <translation>Die Bestellung überschreitet ein Kontingent:</translation>
    </message>
    <message>
        <source>The order stays within every quota.</source>
        <translation>Die Bestellung bleibt innerhalb aller Kontingente.</translation>
    </message>
</context>
<context>
    <name>ordo::ui::AttemptDiffModel</name>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Nachher</translation>
    </message>
</context>
<context>
    <name>ordo::ui::AttemptModel</name>
    <message>
        <source>%1 (compensation)</source>
        <translation>%1 (Kompensation)</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
</context>
<context>
    <name>ordo::ui::CartModel</name>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
</context>
<context>
    <name>ordo::ui::CartPage</name>
    <message>
        <source>A&amp;pply parameters</source>
        <translation>Parameter &amp;übernehmen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Check out…</source>
        <translation>Bestellung &amp;abschließen…</translation>
    </message>
    <message>
        <source>Cart lines</source>
        <translation>Warenkorbpositionen</translation>
    </message>
    <message>
        <source>Remove the selected line (Del)</source>
        <translation>Ausgewählte Position entfernen (Del)</translation>
    </message>
    <message>
        <source>Selected line</source>
        <translation>Ausgewählte Position</translation>
    </message>
    <message>
        <source>Order preview</source>
        <translation>Bestellvorschau</translation>
    </message>
    <message>
        <source>Your cart is empty: add services from the catalog.</source>
        <translation>Ihr Warenkorb ist leer: Fügen Sie Dienste aus dem Katalog hinzu.</translation>
    </message>
    <message>
        <source>Fix or remove the lines marked with a problem.</source>
        <translation>Korrigieren oder entfernen Sie die Positionen, die mit einem Problem markiert sind.</translation>
    </message>
    <message>
        <source>Cannot load the cart: %1</source>
        <translation>Der Warenkorb kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Total: %1 per month</source>
        <translation>Gesamt: %1 pro Monat</translation>
    </message>
    <message>
        <source>Confirm your order</source>
        <translation>Bestätigen Sie Ihre Bestellung</translation>
    </message>
    <message numerus="yes">
        <source>%n service line(s) will be ordered:</source>
        <translation>
            <numerusform>%n Dienstposition wird bestellt:</numerusform>
            <numerusform>%n Dienstpositionen werden bestellt:</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Place order</source>
        <translation>&amp;Bestellung aufgeben</translation>
    </message>
    <message>
        <source>The order was not placed: %1</source>
        <translation>Die Bestellung wurde nicht aufgegeben: %1</translation>
    </message>
    <message>
        <source>Order %1 placed.</source>
        <translation>Bestellung %1 aufgegeben.</translation>
    </message>
</context>
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
    <name>ordo::ui::CatalogPage</name>
    <message>
        <source>Search the catalog (Ctrl+F)</source>
        <translation>Katalog durchsuchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search the catalog</source>
        <translation>Katalog durchsuchen</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Show as a list</source>
        <translation>Als Liste anzeigen</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Show the catalog as a list instead of cards</source>
        <translation>Den Katalog als Liste statt als Karten anzeigen</translation>
    </message>
    <message>
        <source>Catalog items</source>
        <translation>Katalogartikel</translation>
    </message>
    <message>
        <source>Loading the catalog…</source>
        <translation>Katalog wird geladen…</translation>
    </message>
    <message>
        <source>Cannot load the catalog: %1</source>
        <translation>Der Katalog kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n Dienst</numerusform>
            <numerusform>%n Dienste</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ordo::ui::CmdbModel</name>
    <message>
        <source>in service</source>
        <translation>in Betrieb</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP-Adresse</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registriert</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
</context>
<context>
    <name>ordo::ui::CmdbPage</name>
    <message>
        <source>Search configuration items</source>
        <translation>Konfigurationselemente durchsuchen</translation>
    </message>
    <message>
        <source>Search by name, IP address or configuration (Ctrl+F)</source>
        <translation>Nach Name, IP-Adresse oder Konfiguration suchen (Strg+F)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>In service and removed</source>
        <translation>In Betrieb und entfernt</translation>
    </message>
    <message>
        <source>In service</source>
        <translation>In Betrieb</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Configuration items</source>
        <translation>Konfigurationselemente</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Cannot load the configuration items: %1</source>
        <translation>Die Konfigurationselemente können nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n configuration item(s)</source>
        <translation>
            <numerusform>%n Konfigurationselement</numerusform>
            <numerusform>%n Konfigurationselemente</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2), %3, %4 since %5</source>
        <translation>%1 (%2), %3, %4 seit %5</translation>
    </message>
    <message>
        <source>%1 (%2), %3, registered %4, removed %5</source>
        <translation>%1 (%2), %3, registriert %4, entfernt %5</translation>
    </message>
</context>
<context>
    <name>ordo::ui::DecisionResultModel</name>
    <message>
        <source>approved</source>
        <translation>genehmigt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>approved at this level</source>
        <translation>auf dieser Stufe genehmigt</translation>
    </message>
    <message>
        <source>already decided</source>
        <translation>bereits entschieden</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ordo::ui::ItemPage</name>
    <message>
        <source>&amp;Add to cart</source>
        <translation>In den &amp;Warenkorb</translation>
    </message>
    <message>
        <source>Back to the catalog</source>
        <translation>Zurück zum Katalog</translation>
    </message>
    <message>
        <source>Back to the catalog (Esc)</source>
        <translation>Zurück zum Katalog (Esc)</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>&amp;Menge</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Correct the marked parameters to see the price.</source>
        <translation>Korrigieren Sie die markierten Parameter, um den Preis zu sehen.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Added to your cart.</source>
        <translation>Zu Ihrem Warenkorb hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 was not added: %2</source>
        <translation>%1 wurde nicht hinzugefügt: %2</translation>
    </message>
    <message>
        <source>%1 was added to your cart.</source>
        <translation>%1 wurde Ihrem Warenkorb hinzugefügt.</translation>
    </message>
</context>
<context>
    <name>ordo::ui::LoginDialog</name>
    <message>
        <source>&amp;Remember password</source>
        <translation>&amp;Passwort merken</translation>
    </message>
    <message>
        <source>Sign in to Ordo</source>
        <translation>Bei Ordo anmelden</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>your own</source>
        <translation>Ihr eigener</translation>
    </message>
    <message>
        <source>Keeps the password in the system keychain, nowhere else</source>
        <translation>Speichert das Passwort im Schlüsselbund des Systems, nirgendwo sonst</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Geben Sie Ihren Benutzernamen und Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Cannot sign in: %1</source>
        <translation>Anmelden nicht möglich: %1</translation>
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
    <name>ordo::ui::MailboxPage</name>
    <message>
        <source>Search mail</source>
        <translation>E-Mails durchsuchen</translation>
    </message>
    <message>
        <source>Search by recipient, subject or text (Ctrl+F)</source>
        <translation>Nach Empfänger, Betreff oder Text suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <source>Every mail</source>
        <translation>Alle E-Mails</translation>
    </message>
    <message>
        <source>In the mailbox</source>
        <translation>Im Postfach</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>Warten auf Versand</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Nicht zugestellt</translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation>Postfach</translation>
    </message>
    <message>
        <source>Mail text</source>
        <translation>E-Mail-Text</translation>
    </message>
    <message>
        <source>Cannot load the mailbox: %1</source>
        <translation>Das Postfach kann nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n mail(s)</source>
        <translation>
            <numerusform>%n E-Mail</numerusform>
            <numerusform>%n E-Mails</numerusform>
        </translation>
    </message>
    <message>
        <source>To: %1
Subject: %2
Written: %3
Delivery: %4</source>
        <translation>An: %1
Betreff: %2
Geschrieben: %3
Zustellung: %4</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
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
        <source>Sections</source>
        <translation>Bereiche</translation>
    </message>
    <message>
        <source>The database this console works on</source>
        <translation>Die Datenbank, mit der diese Konsole arbeitet</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Warenkorb</translation>
    </message>
    <message>
        <source>My orders</source>
        <translation>Meine Bestellungen</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Genehmigungen</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>CMDB</source>
        <translation>CMDB</translation>
    </message>
    <message>
        <source>every tenant</source>
        <translation>alle Mandanten</translation>
    </message>
    <message>
        <source>Ordo - %1</source>
        <translation>Ordo - %1</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Changes show as they happen</source>
        <translation>Änderungen werden angezeigt, sobald sie eintreten</translation>
    </message>
    <message>
        <source>Changes show as they happen; the last at %1</source>
        <translation>Änderungen werden angezeigt, sobald sie eintreten; die letzte um %1</translation>
    </message>
    <message>
        <source>Not live</source>
        <translation>Nicht live</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>Stand: %1</translation>
    </message>
    <message>
        <source>Changes do not reach this window at the moment</source>
        <translation>Änderungen erreichen dieses Fenster derzeit nicht</translation>
    </message>
    <message>
        <source>⚠ Not live: as of %1</source>
        <translation>⚠ Nicht live: Stand %1</translation>
    </message>
    <message>
        <source>Changes no longer reach this window: %1</source>
        <translation>Änderungen erreichen dieses Fenster nicht mehr: %1</translation>
    </message>
    <message>
        <source>Freshness: %1</source>
        <translation>Aktualität: %1</translation>
    </message>
</context>
<context>
    <name>ordo::ui::MyOrdersPage</name>
    <message>
        <source>My orders</source>
        <translation>Meine Bestellungen</translation>
    </message>
    <message>
        <source>Cannot load your orders: %1</source>
        <translation>Ihre Bestellungen können nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n Bestellung</numerusform>
            <numerusform>%n Bestellungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ordo::ui::OrdersModel</name>
    <message>
        <source>submitted</source>
        <translation>eingereicht</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>wartet auf Genehmigung</translation>
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
        <source>provisioning</source>
        <translation>wird bereitgestellt</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 (%2), since %3</source>
        <translation>%1 (%2), seit %3</translation>
    </message>
    <message>
        <source>%1 (%2): %3, since %4</source>
        <translation>%1 (%2): %3, seit %4</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 of %2 steps</source>
        <translation>%1 von %2 Schritten</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Placed</source>
        <translation>Bestellt am</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dienste</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation>Bereitstellung</translation>
    </message>
    <message>
        <source>Waiting on</source>
        <translation>Wartet auf</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>Pro Monat</translation>
    </message>
</context>
<context>
    <name>ordo::ui::ParameterForm</name>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
</context>
<context>
    <name>ordo::ui::PreviewPanel</name>
    <message>
        <source>%1 → %2 (no limit)</source>
        <translation>%1 → %2 (keine Grenze)</translation>
    </message>
    <message>
        <source>%1 → %2 of %3</source>
        <translation>%1 → %2 von %3</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Your organisation</source>
        <translation>Ihre Organisation</translation>
    </message>
    <message>
        <source>%1: vCPUs %2, memory (GiB) %3, VMs %4</source>
        <translation>%1: vCPUs %2, Arbeitsspeicher (GiB) %3, VMs %4</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Genehmigung</translation>
    </message>
    <message>
        <source>%1 per month</source>
        <translation>%1 pro Monat</translation>
    </message>
    <message>
        <source>Approved at once: within your organisation&apos;s limits</source>
        <translation>Sofort genehmigt: innerhalb der Grenzen Ihrer Organisation</translation>
    </message>
    <message>
        <source>%1: all of %2</source>
        <translation>%1: alle von %2</translation>
    </message>
    <message>
        <source>%1: one of %2</source>
        <translation>%1: einer von %2</translation>
    </message>
</context>
<context>
    <name>ordo::ui::SingleInstance</name>
    <message>
        <source>the running console hung up</source>
        <translation>die laufende Konsole hat die Verbindung beendet</translation>
    </message>
    <message>
        <source>the running console did not answer in time</source>
        <translation>die laufende Konsole hat nicht rechtzeitig geantwortet</translation>
    </message>
</context>
<context>
    <name>ordo::ui::StepTableModel</name>
    <message>
        <source>%1 (compensation)</source>
        <translation>%1 (Kompensation)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>ordo::ui::SupportActionDialog</name>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <source>Cancel workflow</source>
        <translation>Workflow abbrechen</translation>
    </message>
    <message>
        <source>runs</source>
        <translation>wird ausgeführt</translation>
    </message>
    <message>
        <source>is skipped</source>
        <translation>wird übersprungen</translation>
    </message>
    <message>
        <source>is compensated</source>
        <translation>wird kompensiert</translation>
    </message>
    <message>
        <source>is asked to stop</source>
        <translation>wird zum Anhalten aufgefordert</translation>
    </message>
    <message>
        <source>is cancelled</source>
        <translation>wird abgebrochen</translation>
    </message>
    <message>
        <source>waits until the workflow continues</source>
        <translation>wartet, bis der Workflow fortgesetzt wird</translation>
    </message>
    <message>
        <source>%1 step &apos;%2&apos;</source>
        <translation>%1: Schritt „%2“</translation>
    </message>
    <message>
        <source>Inputs of the next attempt (only what you change is sent):</source>
        <translation>Eingaben des nächsten Versuchs (nur Ihre Änderungen werden gesendet):</translation>
    </message>
    <message>
        <source>Outputs the step hands on (a JSON object):</source>
        <translation>Ausgaben, die der Schritt weitergibt (ein JSON-Objekt):</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>Warum (wird im Audit-Protokoll gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Begründung:</translation>
    </message>
    <message>
        <source>What it will do:</source>
        <translation>Was geschehen wird:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Asking the engine…</source>
        <translation>Engine wird abgefragt…</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>No step changes.</source>
        <translation>Kein Schritt ändert sich.</translation>
    </message>
</context>
<context>
    <name>ordo::ui::TicketModel</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>paused, waiting for support</source>
        <translation>pausiert, wartet auf den Support</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>rolling back</source>
        <translation>wird zurückgerollt</translation>
    </message>
    <message>
        <source>rolled back</source>
        <translation>zurückgerollt</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>no workflow</source>
        <translation>kein Workflow</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Workflow state</source>
        <translation>Workflow-Status</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Kommentare</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Eröffnet</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
</context>
<context>
    <name>ordo::ui::TicketsPage</name>
    <message>
        <source>Search tickets</source>
        <translation>Tickets durchsuchen</translation>
    </message>
    <message>
        <source>Search tickets (Ctrl+F)</source>
        <translation>Tickets durchsuchen (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;Open workflow</source>
        <translation>&amp;Workflow öffnen</translation>
    </message>
    <message>
        <source>Workflow state</source>
        <translation>Workflow-Status</translation>
    </message>
    <message>
        <source>Every workflow state</source>
        <translation>Alle Workflow-Status</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Ticket and its comments</source>
        <translation>Ticket und seine Kommentare</translation>
    </message>
    <message>
        <source>Show the workflow this ticket is about in the workflow monitor (Enter on the ticket)</source>
        <translation>Den Workflow dieses Tickets im Workflow-Monitor zeigen (Eingabetaste auf dem Ticket)</translation>
    </message>
    <message>
        <source>Cannot load the tickets: %1</source>
        <translation>Die Tickets können nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n Ticket</numerusform>
            <numerusform>%n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Ticket %1</translation>
    </message>
    <message>
        <source>severity %1</source>
        <translation>Schweregrad %1</translation>
    </message>
    <message>
        <source>opened %1</source>
        <translation>eröffnet %1</translation>
    </message>
    <message>
        <source>workflow %1: %2</source>
        <translation>Workflow %1: %2</translation>
    </message>
    <message>
        <source>order %1</source>
        <translation>Bestellung %1</translation>
    </message>
    <message>
        <source>Cannot load the comments: %1</source>
        <translation>Die Kommentare können nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n Kommentar</numerusform>
            <numerusform>%n Kommentare</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ordo::ui::WorkflowGraphView</name>
    <message>
        <source>Workflow graph</source>
        <translation>Workflow-Graph</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>noch nicht gestartet</translation>
    </message>
    <message>
        <source>waiting for %1 and %2 more</source>
        <translation>wartet auf %1 und %2 weitere</translation>
    </message>
    <message>
        <source>waiting for %1</source>
        <translation>wartet auf %1</translation>
    </message>
    <message>
        <source>ready at %1</source>
        <translation>bereit um %1</translation>
    </message>
    <message>
        <source>waiting for a worker</source>
        <translation>wartet auf einen Worker</translation>
    </message>
    <message>
        <source>retry %1 at %2</source>
        <translation>Wiederholung %1 um %2</translation>
    </message>
    <message>
        <source>waiting to retry</source>
        <translation>wartet auf Wiederholung</translation>
    </message>
    <message>
        <source>waiting on a person</source>
        <translation>wartet auf eine Person</translation>
    </message>
    <message>
        <source>waiting on the approvers</source>
        <translation>wartet auf die Genehmiger</translation>
    </message>
    <message>
        <source>waiting on its provisioning workflows</source>
        <translation>wartet auf seine Bereitstellungs-Workflows</translation>
    </message>
    <message>
        <source>waiting on a timer until %1</source>
        <translation>wartet auf einen Timer bis %1</translation>
    </message>
    <message>
        <source>waiting on a timer</source>
        <translation>wartet auf einen Timer</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartend</translation>
    </message>
    <message>
        <source>paused: runs again once probe %1 passes</source>
        <translation>angehalten: läuft wieder, sobald Prüfung %1 erfolgreich ist</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>paused: %1</source>
        <translation>angehalten: %1</translation>
    </message>
    <message>
        <source>skipped by support</source>
        <translation>vom Support übersprungen</translation>
    </message>
    <message>
        <source>skipped: its condition was false</source>
        <translation>übersprungen: seine Bedingung war falsch</translation>
    </message>
    <message>
        <source>%1: a fan-out of %2 steps</source>
        <translation>%1: eine Auffächerung in %2 Schritte</translation>
    </message>
    <message>
        <source>action: %1</source>
        <translation>Aktion: %1</translation>
    </message>
    <message>
        <source>state: %1</source>
        <translation>Zustand: %1</translation>
    </message>
    <message>
        <source>attempt %1 (retries: %2)</source>
        <translation>Versuch %1 (Wiederholungen: %2)</translation>
    </message>
    <message>
        <source>undone by its compensation in a rollback</source>
        <translation>durch seine Kompensation bei einem Rollback rückgängig gemacht</translation>
    </message>
    <message>
        <source>compensation: %1</source>
        <translation>Kompensation: %1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>compensating</source>
        <translation>wird kompensiert</translation>
    </message>
    <message>
        <source>compensated</source>
        <translation>kompensiert</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>ordo::ui::WorkflowListModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>Aktueller Schritt</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Mandant</translation>
    </message>
</context>
<context>
    <name>ordo::ui::WorkflowsPage</name>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Besitzer</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Bestellung</translation>
    </message>
    <message>
        <source>Search workflows</source>
        <translation>Workflows durchsuchen</translation>
    </message>
    <message>
        <source>Search workflows (Ctrl+F)</source>
        <translation>Workflows durchsuchen (Ctrl+F)</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>&amp;Pause…</source>
        <translation>&amp;Anhalten…</translation>
    </message>
    <message>
        <source>C&amp;ontinue…</source>
        <translation>F&amp;ortsetzen…</translation>
    </message>
    <message>
        <source>&amp;Retry step…</source>
        <translation>Schritt &amp;wiederholen…</translation>
    </message>
    <message>
        <source>S&amp;kip step…</source>
        <translation>Schritt ü&amp;berspringen…</translation>
    </message>
    <message>
        <source>Roll &amp;back…</source>
        <translation>&amp;Zurückrollen…</translation>
    </message>
    <message>
        <source>Ca&amp;ncel…</source>
        <translation>Abbre&amp;chen…</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Schritt</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Differences between attempts</source>
        <translation>Unterschiede zwischen den Versuchen</translation>
    </message>
    <message>
        <source>&amp;Attempts</source>
        <translation>&amp;Versuche</translation>
    </message>
    <message>
        <source>Filter the log</source>
        <translation>Protokoll filtern</translation>
    </message>
    <message>
        <source>&amp;Follow</source>
        <translation>&amp;Mitverfolgen</translation>
    </message>
    <message>
        <source>Next &amp;error (F3)</source>
        <translation>Nächster &amp;Fehler (F3)</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>Error (%1): %2</source>
        <translation>Fehler (%1): %2</translation>
    </message>
    <message>
        <source>%1: applying…</source>
        <translation>%1: wird angewendet…</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: erledigt.</translation>
    </message>
    <message>
        <source>No error in the lines read so far.</source>
        <translation>Kein Fehler in den bisher gelesenen Zeilen.</translation>
    </message>
    <message>
        <source>Export the log</source>
        <translation>Protokoll exportieren</translation>
    </message>
    <message>
        <source>Text files (*.txt *.log)</source>
        <translation>Textdateien (*.txt *.log)</translation>
    </message>
    <message>
        <source>Log written to %1.</source>
        <translation>Protokoll nach %1 geschrieben.</translation>
    </message>
    <message>
        <source>The log was not written: %1</source>
        <translation>Das Protokoll wurde nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
</context>
</TS>
