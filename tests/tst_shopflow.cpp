#include "TestSupport.h"

#include "cart/CartModel.h"
#include "cart/CartPage.h"
#include "catalog/CatalogModel.h"
#include "catalog/CatalogPage.h"
#include "catalog/ItemPage.h"
#include "client/OrdoClient.h"
#include "forms/ParameterForm.h"
#include "orders/MyOrdersPage.h"
#include "orders/OrdersModel.h"

#include <QAbstractItemModelTester>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>

using namespace ordo;
using namespace ordo::test;
using namespace ordo::ui;

namespace {

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *found = parent.findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

QString labelText(QWidget &parent, const char *name)
{
    const QLabel *label = child<QLabel>(parent, name);
    return label ? label->text() : QString();
}

// Types into a field the way a user does: select what is there, then type.
void retype(QWidget *field, const QString &text)
{
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

Session signIn(OrdoClient &client, const QString &user)
{
    auto session = client.login(user, QStringLiteral("demo"));
    if (!QTest::qWaitFor([&] { return session.isFinished(); }) || !session.result())
        qFatal("cannot sign in as %s", qPrintable(user));
    return *session.result();
}

} // namespace

class TestShopFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // alice: catalog, search, the item's form with a mistake fixed, its live
    // preview, the cart, checkout, and the order in My orders.
    void aliceOrdersAVmFromTheCatalog()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        const Session alice = signIn(client, QStringLiteral("alice"));

        CatalogPage catalog(client, alice);
        CartPage cart(client, alice);
        MyOrdersPage orders(client, alice);
        // The window's wiring: added items show in the cart, a placed order in My orders.
        connect(&catalog, &CatalogPage::addedToCart, &cart, &CartPage::reload);
        connect(&cart, &CartPage::orderPlaced, &orders, &MyOrdersPage::showOrder);
        QAbstractItemModelTester cartTester(cart.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester ordersTester(orders.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy placed(&cart, &CartPage::orderPlaced);
        catalog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&catalog));

        // The catalog, narrowed by search as you type.
        auto *view = child<QListView>(catalog, "catalogView");
        auto *search = child<QLineEdit>(catalog, "catalogSearch");
        QVERIFY(view && search);
        QTRY_COMPARE(view->model()->rowCount(), 3);
        QCOMPARE(view->viewMode(), QListView::IconMode);
        QTest::keyClicks(search, QStringLiteral("virtual"));
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("Linux virtual machine"));

        // Opened from the keyboard: down into the results, Enter.
        QTest::keyClick(search, Qt::Key_Down);
        QTest::keyClick(view, Qt::Key_Return);
        ItemPage *item = catalog.itemPage();
        QTRY_VERIFY(item->isVisible());
        QCOMPARE(item->item().id, QStringLiteral("linux-vm"));
        QTRY_VERIFY(labelText(*item, "previewPrice").contains(QStringLiteral("43.00 EUR"))); // the defaults: 5 + 2 x 12 + 4 x 3.50

        // A mistake: the message appears beside the field, and nothing can be added.
        auto *cpus = child<QSpinBox>(*item, "parameter_cpus");
        auto *add = child<QPushButton>(*item, "addToCart");
        QVERIFY(cpus && add);
        retype(cpus, QStringLiteral("0"));
        QVERIFY2(labelText(*item, "parameterMessage_cpus").contains(QStringLiteral("below the minimum 1")),
                 qPrintable(labelText(*item, "parameterMessage_cpus")));
        QVERIFY(!add->isEnabled());
        QVERIFY(labelText(*item, "previewPrice").isEmpty());

        // Fixed: the message goes and the preview follows.
        retype(cpus, QStringLiteral("4"));
        QCOMPARE(labelText(*item, "parameterMessage_cpus"), QString());
        QTRY_VERIFY2(labelText(*item, "previewPrice").contains(QStringLiteral("67.00 EUR")), // 5 + 4 x 12 + 4 x 3.50
                     qPrintable(labelText(*item, "previewPrice")));
        QVERIFY(labelText(*item, "previewRoute").contains(QStringLiteral("bob")));
        QVERIFY(labelText(*item, "previewQuota").contains(QStringLiteral("0 → 4 of 64")));
        QVERIFY(add->isEnabled());
        QTest::mouseClick(add, Qt::LeftButton);

        // The cart shows the line and its total.
        cart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&cart));
        QTRY_COMPARE(cart.model()->rowCount(), 1);
        QCOMPARE(cart.model()->index(0, CartModel::Item).data().toString(), QStringLiteral("Linux virtual machine"));
        QVERIFY(cart.model()->index(0, CartModel::Parameters).data().toString().contains(QStringLiteral("vCPUs: 4")));
        QTRY_VERIFY2(labelText(cart, "cartTotal").contains(QStringLiteral("67.00 EUR")), qPrintable(labelText(cart, "cartTotal")));

        // Checkout: the confirmation shows the preview, then the order is placed.
        auto *checkout = child<QPushButton>(cart, "cartCheckout");
        QVERIFY(checkout);
        QTRY_VERIFY(checkout->isEnabled());
        QTest::mouseClick(checkout, Qt::LeftButton);
        QTRY_VERIFY(cart.checkoutDialog() && cart.checkoutDialog()->isVisible());
        QDialog *confirmation = cart.checkoutDialog();
        QVERIFY(labelText(*confirmation, "previewPrice").contains(QStringLiteral("67.00 EUR")));
        QVERIFY(labelText(*confirmation, "previewRoute").contains(QStringLiteral("bob")));
        QTest::mouseClick(child<QPushButton>(*confirmation, "checkoutConfirm"), Qt::LeftButton);
        QTRY_COMPARE(placed.size(), 1);
        const Id orderId = placed.first().first().value<Id>();
        QTRY_VERIFY(!cart.checkoutDialog());
        QTRY_COMPARE(cart.model()->rowCount(), 0);

        // My orders shows it, selected, waiting for bob.
        orders.show();
        QTRY_COMPARE(orders.model()->rowCount(), 1);
        auto *ordersView = child<QTableView>(orders, "myOrdersView");
        QTRY_COMPARE(ordersView->currentIndex().data(OrdersModel::OrderIdRole).value<Id>(), orderId);
        QCOMPARE(orders.model()->index(0, OrdersModel::State).data().toString(), QStringLiteral("waiting for approval"));
        // By name and level, never by login.
        const QString waitingOn = orders.model()->index(0, OrdersModel::WaitingOn).data().toString();
        QVERIFY2(waitingOn.contains(QStringLiteral("Bob Approver")) && waitingOn.contains(QStringLiteral("Manager")), qPrintable(waitingOn));
        QVERIFY2(!waitingOn.contains(QStringLiteral("bob")), qPrintable(waitingOn));
        QVERIFY(!orders.model()->index(0, OrdersModel::Progress).data().toString().isEmpty());

        // Decided elsewhere: My orders follows the change feed.
        const Session bob = sessionFor(*ordo, QStringLiteral("bob"));
        ORDO_VERIFY_OK(ordo->approvals().decide(bob, orderId, Decision::Approve, QStringLiteral("ok")));
        QTRY_COMPARE(orders.model()->index(0, OrdersModel::State).data().toString(), QStringLiteral("approved"));
        QCOMPARE(orders.model()->index(0, OrdersModel::WaitingOn).data().toString(), QString());
    }

    // The cart is stored: a console started later shows it, with quantities
    // and parameters edited in the table and problems per line.
    void theCartSurvivesARestartAndIsEditedInPlace()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ORDO_VERIFY_OK(ordo->cart().add(sessionFor(*ordo, QStringLiteral("alice")), QStringLiteral("linux-vm"), kBigVm));
        OrdoClient client(env.databasePath());
        CartPage cart(client, signIn(client, QStringLiteral("alice")));
        QAbstractItemModelTester tester(cart.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        cart.show();
        QVERIFY(QTest::qWaitForWindowActive(&cart)); // for its shortcuts
        QTRY_COMPARE(cart.model()->rowCount(), 1);
        QTRY_VERIFY(labelText(cart, "cartTotal").contains(QStringLiteral("109.00 EUR")));

        // The quantity, edited in the table.
        auto *view = child<QTableView>(cart, "cartView");
        view->setFocus();
        view->setCurrentIndex(cart.model()->index(0, CartModel::Quantity));
        QTest::keyClick(view, Qt::Key_F2);
        auto *editor = view->findChild<QSpinBox *>();
        QVERIFY(editor);
        retype(editor, QStringLiteral("2"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_VERIFY2(labelText(cart, "cartTotal").contains(QStringLiteral("218.00 EUR")), qPrintable(labelText(cart, "cartTotal")));
        QCOMPARE(ordo->cart().lines(sessionFor(*ordo, QStringLiteral("alice")))->first().quantity, 2);

        // Its parameters, in the line's form beside the table.
        auto *memory = child<QSpinBox>(cart, "parameter_memoryGiB");
        QVERIFY(memory);
        retype(memory, QStringLiteral("8"));
        QTest::mouseClick(child<QPushButton>(cart, "cartApplyParameters"), Qt::LeftButton);
        // 2 x (5 + 4 x 12 + 8 x 3.50)
        QTRY_VERIFY2(labelText(cart, "cartTotal").contains(QStringLiteral("162.00 EUR")), qPrintable(labelText(cart, "cartTotal")));

        // Removed from the keyboard.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QTRY_COMPARE(cart.model()->rowCount(), 0);
        QVERIFY(!child<QPushButton>(cart, "cartCheckout")->isEnabled());
    }

    // The cart changed in another console while the confirmation was open:
    // the order previewed is not placed as the cart is now.
    void aCartChangedElsewhereIsNotOrderedUnseen()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Session elsewhere = sessionFor(*ordo, QStringLiteral("alice"));
        auto line = ordo->cart().add(elsewhere, QStringLiteral("linux-vm"), kBigVm);
        ORDO_VERIFY_OK(line);
        OrdoClient client(env.databasePath());
        CartPage cart(client, signIn(client, QStringLiteral("alice")));
        QSignalSpy placed(&cart, &CartPage::orderPlaced);
        cart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&cart));
        QTRY_VERIFY(labelText(cart, "cartTotal").contains(QStringLiteral("109.00 EUR")));
        auto *checkout = child<QPushButton>(cart, "cartCheckout");
        QTRY_VERIFY(checkout->isEnabled());
        QTest::mouseClick(checkout, Qt::LeftButton);
        QTRY_VERIFY(cart.checkoutDialog() && cart.checkoutDialog()->isVisible());
        QVERIFY(labelText(*cart.checkoutDialog(), "previewPrice").contains(QStringLiteral("109.00 EUR")));

        ORDO_VERIFY_OK(ordo->cart().setQuantity(elsewhere, line->id, 3));
        QTest::mouseClick(child<QPushButton>(*cart.checkoutDialog(), "checkoutConfirm"), Qt::LeftButton);
        QTRY_VERIFY(!cart.checkoutDialog());
        QVERIFY2(labelText(cart, "cartStatus").contains(QStringLiteral("cart changed")), qPrintable(labelText(cart, "cartStatus")));
        QCOMPARE(placed.size(), 0);
        QVERIFY(ordo->orders().mine(elsewhere)->isEmpty());

        // The page shows the cart as it is now; confirmed, that is what is ordered.
        QTRY_VERIFY2(labelText(cart, "cartTotal").contains(QStringLiteral("327.00 EUR")), qPrintable(labelText(cart, "cartTotal")));
        QTest::mouseClick(checkout, Qt::LeftButton);
        QTRY_VERIFY(cart.checkoutDialog() && cart.checkoutDialog()->isVisible());
        QTest::mouseClick(child<QPushButton>(*cart.checkoutDialog(), "checkoutConfirm"), Qt::LeftButton);
        QTRY_COMPARE(placed.size(), 1);
        QCOMPARE(ordo->orders().order(elsewhere, placed.first().first().value<Id>())->lines.first().quantity, 3);
    }

    // The answer to "Add to cart" comes after the user opened another item:
    // it names the item that was added, not the one shown.
    void theAddedMessageNamesTheItemThatWasAdded()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        OrdoClient client(env.databasePath());
        const Session alice = signIn(client, QStringLiteral("alice"));
        auto items = client.catalogItems(alice);
        QVERIFY(QTest::qWaitFor([&] { return items.isFinished(); }));
        QVERIFY(items.result());
        const QList<CatalogItem> catalog = *items.result();
        const auto vm = std::find_if(catalog.cbegin(), catalog.cend(), [](const CatalogItem &i) { return i.id == QLatin1String("linux-vm"); });
        const auto other = std::find_if(catalog.cbegin(), catalog.cend(), [](const CatalogItem &i) { return i.id != QLatin1String("linux-vm"); });
        QVERIFY(vm != catalog.cend() && other != catalog.cend());

        ItemPage page(client, alice);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.showItem(*vm);
        auto *add = child<QPushButton>(page, "addToCart");
        QVERIFY(add && add->isEnabled());
        QSignalSpy added(&page, &ItemPage::addedToCart);
        QTest::mouseClick(add, Qt::LeftButton);
        page.showItem(*other); // before the answer: it comes through the event loop
        QTRY_COMPARE(added.size(), 1);
        QCOMPARE(page.item().id, other->id);
        QCOMPARE(labelText(page, "itemStatus"), QStringLiteral("%1 was added to your cart.").arg(vm->name));

        auto lines = ordo->cart().lines(sessionFor(*ordo, QStringLiteral("alice")));
        ORDO_VERIFY_OK(lines);
        QCOMPARE(lines->size(), 1);
        QCOMPARE(lines->first().itemId, vm->id);

        // On the item that was added, the plain message.
        page.showItem(*vm);
        QCOMPARE(labelText(page, "itemStatus"), QString());
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_COMPARE(added.size(), 2);
        QCOMPARE(labelText(page, "itemStatus"), QStringLiteral("Added to your cart."));
    }

    // A reload while the user types in the line's form (here: a change feed
    // update, with a line added in another session) keeps what they typed.
    void aReloadKeepsWhatIsTypedInTheLineForm()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        const Order pending = checkOut(*ordo, QStringLiteral("alice"));
        const Session aliceElsewhere = sessionFor(*ordo, QStringLiteral("alice"));
        ORDO_VERIFY_OK(ordo->cart().add(aliceElsewhere, QStringLiteral("linux-vm"), kBigVm));
        OrdoClient client(env.databasePath());
        CartPage cart(client, signIn(client, QStringLiteral("alice")));
        QSignalSpy loaded(&cart, &CartPage::loaded);
        cart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&cart));
        QTRY_COMPARE(cart.model()->rowCount(), 1);
        auto *form = child<ParameterForm>(cart, "cartLineForm");
        QVERIFY(form);
        QTRY_VERIFY(form->field(QStringLiteral("memoryGiB")));
        QPointer<QSpinBox> memory = qobject_cast<QSpinBox *>(form->field(QStringLiteral("memoryGiB")));
        QVERIFY(memory);
        QCOMPARE(memory->value(), 16);
        retype(memory, QStringLiteral("8"));
        const int loadsBefore = static_cast<int>(loaded.size());

        // Another session adds a line; the approval of alice's order reaches the page through the feed.
        ORDO_VERIFY_OK(ordo->cart().add(aliceElsewhere, QStringLiteral("linux-vm"), kSmallVm));
        ORDO_VERIFY_OK(ordo->approvals().decide(sessionFor(*ordo, QStringLiteral("bob")), pending.id, Decision::Approve, QStringLiteral("ok")));
        QTRY_COMPARE(cart.model()->rowCount(), 2);
        QTRY_VERIFY(loaded.size() > loadsBefore);
        QVERIFY2(memory && form->field(QStringLiteral("memoryGiB")) == memory, "the form was built anew");
        QCOMPARE(memory->value(), 8);
        QCOMPARE(memory->text(), QStringLiteral("8"));

        // Applied, it is what the cart holds; another line shows its own parameters.
        QTest::mouseClick(child<QPushButton>(cart, "cartApplyParameters"), Qt::LeftButton);
        QTRY_COMPARE(ordo->cart().lines(aliceElsewhere)->first().parameters.value(QStringLiteral("memoryGiB")).toInt(), 8);
        auto *view = child<QTableView>(cart, "cartView");
        view->setCurrentIndex(cart.model()->index(1, CartModel::Quantity));
        QTRY_COMPARE(qobject_cast<QSpinBox *>(form->field(QStringLiteral("memoryGiB")))->value(), 2);
    }
};

QTEST_MAIN(TestShopFlow)
#include "tst_shopflow.moc"
