#include "TestSupport.h"
#include "OrdoInternals.h"

#include "catalog/CatalogModel.h"

#include <QAbstractItemModelTester>
#include <QIcon>

using namespace ordo;
using namespace ordo::test;

class TestCatalogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCatalog()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        ui::CatalogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        auto items = OrdoInternals::store(*ordo).catalogItems();
        ORDO_VERIFY_OK(items);
        model.setItems(*items);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(ui::CatalogModel::ColumnCount));
        const QModelIndex vm = model.index(0, ui::CatalogModel::Name);
        QCOMPARE(vm.data().toString(), QStringLiteral("Linux virtual machine"));
        QCOMPARE(vm.data(ui::CatalogModel::ItemIdRole).toString(), QStringLiteral("linux-vm"));
        QCOMPARE(model.index(0, ui::CatalogModel::Price).data().toString(), QStringLiteral("from 5.00 EUR/month"));
        QCOMPARE(model.index(2, ui::CatalogModel::Price).data().toString(), QStringLiteral("bundle"));
        QCOMPARE(model.headerData(ui::CatalogModel::Category, Qt::Horizontal).toString(), QStringLiteral("Category"));
        // Replacing and emptying keep the model consistent (the tester checks every signal).
        model.setItems(items->mid(1, 2));
        QCOMPARE(model.rowCount(), 2);
        model.setItems({});
        QCOMPARE(model.rowCount(), 0);
    }

    // Icons for cards; search as you type and the category filter narrow together.
    void filtersByCategoryAndSearchText()
    {
        TestEnvironment env;
        auto ordo = openDemo(env.databasePath());
        auto items = OrdoInternals::store(*ordo).catalogItems();
        ORDO_VERIFY_OK(items);
        ui::CatalogModel model;
        model.setItems(*items);
        QVERIFY(!model.index(0, ui::CatalogModel::Name).data(Qt::DecorationRole).value<QIcon>().isNull());
        ui::CatalogFilterModel filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&model);
        const auto shown = [&filter] {
            QStringList ids;
            for (int row = 0; row < filter.rowCount(); ++row)
                ids.append(filter.index(row, 0).data(ui::CatalogModel::ItemIdRole).toString());
            return ids;
        };
        QCOMPARE(shown().size(), 3);
        filter.setSearchText(QStringLiteral("postgres"));
        QCOMPARE(shown(), (QStringList{QStringLiteral("postgresql"), QStringLiteral("web-stack")}));
        filter.setCategory(QStringLiteral("Databases"));
        QCOMPARE(shown(), QStringList{QStringLiteral("postgresql")});
        filter.setSearchText(QStringLiteral("LINUX"));
        QCOMPARE(shown(), QStringList{});
        filter.setCategory({});
        QCOMPARE(shown(), (QStringList{QStringLiteral("linux-vm"), QStringLiteral("web-stack")}));
        filter.setSearchText({});
        QCOMPARE(shown().size(), 3);
    }
};

QTEST_MAIN(TestCatalogModel)
#include "tst_catalogmodel.moc"
