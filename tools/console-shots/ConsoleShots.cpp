// console-shots: signs in to the console as each user given, shows every
// section of theirs not shot yet, waits until its page has loaded (and, in
// the workflow monitor, until the failed workflow's graph and attempts are
// in), and saves the main window as SECTION.png. For the README's pictures
// (scripts/screenshots); it runs the console's own window, not a copy of it.
#include "approvals/ApprovalQueueModel.h"
#include "approvals/ApprovalsPage.h"
#include "cart/CartPage.h"
#include "catalog/CatalogPage.h"
#include "client/OrdoClient.h"
#include "main/MainWindow.h"
#include "orders/MyOrdersPage.h"
#include "services/Sections.h"
#include "servicedesk/TicketsPage.h"
#include "workflows/StepModels.h"
#include "workflows/WorkflowListModel.h"
#include "workflows/WorkflowsPage.h"
#include "workflows/graph/WorkflowGraphView.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QPixmap>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

Q_LOGGING_CATEGORY(lcShots, "ordo.shots", QtInfoMsg)

using namespace ordo;

namespace {

QString fileName(Section section)
{
    switch (section) {
    case Section::Catalog: return QStringLiteral("catalog.png");
    case Section::Cart: return QStringLiteral("cart.png");
    case Section::MyOrders: return QStringLiteral("my-orders.png");
    case Section::Approvals: return QStringLiteral("approvals.png");
    case Section::Workflows: return QStringLiteral("workflows.png");
    case Section::Tickets: return QStringLiteral("tickets.png");
    case Section::Cmdb: return QStringLiteral("cmdb.png");
    case Section::Mailbox: return QStringLiteral("mailbox.png");
    }
    return {};
}

// Calls then() once, at the first emission of signal (a member function
// pointer) of sender.
template<typename Sender, typename Signal>
void once(Sender *sender, Signal signal, std::function<void()> then)
{
    QObject::connect(sender, signal, sender, [then = std::move(then)] { then(); }, Qt::SingleShotConnection);
}

// The row of the first workflow or step whose stored state is one of states, or -1.
int firstRowIn(const QAbstractItemModel *model, int role, const QStringList &states)
{
    for (const QString &state : states)
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->index(row, 0).data(role).toString() == state)
                return row;
    return -1;
}

// Forwards a signal found by name, whatever its arguments, to a function, once.
// Brings the tab that holds widget to the front.
void showTabOf(QWidget *widget)
{
    for (QWidget *w = widget; w && w->parentWidget(); w = w->parentWidget()) {
        if (auto *tabs = qobject_cast<QTabWidget *>(w->parentWidget()->parentWidget()); tabs && tabs->indexOf(w) >= 0) {
            tabs->setCurrentWidget(w);
            return;
        }
    }
}

class SignalRelay final : public QObject
{
    Q_OBJECT

public:
    SignalRelay(std::function<void()> fn, QObject *parent)
        : QObject(parent)
        , m_fn(std::move(fn))
    {
    }

public Q_SLOTS:
    void fire()
    {
        if (auto fn = std::exchange(m_fn, nullptr))
            fn();
    }

private:
    std::function<void()> m_fn;
};

class Shooter final : public QObject
{
    Q_OBJECT

public:
    Shooter(const QString &database, QString password, QStringList users, QDir out, QSize size)
        : m_client(database)
        , m_password(std::move(password))
        , m_users(std::move(users))
        , m_out(std::move(out))
        , m_size(size)
    {
    }

    void start() { nextUser(); }

Q_SIGNALS:
    void finished(int exitCode);

private:
    void nextUser()
    {
        if (m_window) {
            m_window->hide();
            m_window.release()->deleteLater();
        }
        if (m_users.isEmpty()) {
            Q_EMIT finished(0);
            return;
        }
        m_user = m_users.takeFirst();
        m_window = std::make_unique<ui::MainWindow>(m_client, m_user, m_password);
        connect(m_window.get(), &ui::MainWindow::loadFailed, this, [this](const QString &message) { fail(message); });
        // The pages start loading at sign-in: their first answers are waited for from there.
        once(m_window.get(), &ui::MainWindow::signedIn, [this] { onSignedIn(); });
        m_window->resize(m_size);
        m_window->show();
        m_window->reload();
    }

    void onSignedIn()
    {
        m_todo.clear();
        const auto *pages = m_window->findChild<QStackedWidget *>(QStringLiteral("pages"));
        const QList<Section> sections = m_window->sections();
        for (int i = 0; i < sections.size(); ++i) {
            if (m_done.contains(sections[i]))
                continue;
            m_done.append(sections[i]);
            m_todo.append({sections[i], pages->widget(i), false});
            waitForFirstLoad(m_todo.size() - 1);
        }
        if (m_todo.isEmpty())
            QTimer::singleShot(0, this, &Shooter::nextUser);
    }

    // Marks the section loaded at its page's first answer; a page that loads
    // nothing (a placeholder) is loaded as it is.
    void waitForFirstLoad(qsizetype index)
    {
        QWidget *page = m_todo[index].page;
        const auto loaded = [this, index] {
            m_todo[index].loaded = true;
            if (std::all_of(m_todo.cbegin(), m_todo.cend(), [](const Pending &p) { return p.loaded; }))
                QTimer::singleShot(0, this, &Shooter::nextSection);
        };
        if (auto *catalog = qobject_cast<ui::CatalogPage *>(page))
            once(catalog, &ui::CatalogPage::loaded, loaded);
        else if (auto *cart = qobject_cast<ui::CartPage *>(page))
            once(cart, &ui::CartPage::loaded, loaded);
        else if (auto *orders = qobject_cast<ui::MyOrdersPage *>(page))
            once(orders, &ui::MyOrdersPage::loaded, loaded);
        else if (auto *approvals = qobject_cast<ui::ApprovalsPage *>(page))
        {
            // The first order is selected at load and its details asked for then; their answer
            // may come before the queue's signal does, so both are watched from the start.
            auto seen = std::make_shared<std::pair<bool, bool>>(false, false); // queue, details
            const auto check = [approvals, seen, loaded] {
                if (seen->first && (seen->second || approvals->queueModel()->rowCount() == 0))
                    loaded();
            };
            once(approvals, &ui::ApprovalsPage::detailsLoaded, [seen, check] {
                seen->second = true;
                check();
            });
            once(approvals, &ui::ApprovalsPage::queueLoaded, [seen, check] {
                seen->first = true;
                check();
            });
        }
        else if (auto *workflows = qobject_cast<ui::WorkflowsPage *>(page))
            once(workflows, &ui::WorkflowsPage::workflowsLoaded, loaded);
        else if (m_todo[index].section == Section::Mailbox)
            once(m_window.get(), &ui::MainWindow::mailboxLoaded, loaded);
        else if (!waitForLoadedSignal(page, loaded))
            QTimer::singleShot(0, this, loaded);
    }

    // Pages this tool does not know yet (tickets, CMDB): their signal loaded(...), if they have one.
    bool waitForLoadedSignal(QWidget *page, std::function<void()> loaded)
    {
        const QMetaObject *meta = page->metaObject();
        for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
            const QMetaMethod method = meta->method(i);
            if (method.methodType() != QMetaMethod::Signal || method.name() != "loaded")
                continue;
            auto *relay = new SignalRelay(std::move(loaded), page);
            return connect(page, method, relay, relay->metaObject()->method(relay->metaObject()->indexOfSlot("fire()")));
        }
        return false;
    }

    void nextSection()
    {
        if (m_todo.isEmpty()) {
            nextUser();
            return;
        }
        const Pending pending = m_todo.takeFirst();
        m_window->showSection(pending.section);
        const auto shoot = [this, section = pending.section] {
            // Let the page lay itself out and paint once before the picture.
            QTimer::singleShot(0, this, [this, section] {
                const QString path = m_out.absoluteFilePath(fileName(section));
                if (!m_window->grab().save(path)) {
                    fail(QStringLiteral("cannot write %1").arg(path));
                    return;
                }
                std::printf("%s (%s)\n", qPrintable(path), qPrintable(m_user));
                std::fflush(stdout);
                nextSection();
            });
        };
        if (auto *workflows = qobject_cast<ui::WorkflowsPage *>(pending.page))
            showFailedWorkflow(workflows, shoot);
        else if (pending.section == Section::Mailbox)
            selectFirstRow(m_window->findChild<QTableView *>(QStringLiteral("mailboxTableView")), shoot);
        else if (pending.section == Section::Cmdb)
            selectFirstRow(pending.page->findChild<QTableView *>(QStringLiteral("cmdbList")), shoot);
        else if (auto *tickets = qobject_cast<ui::TicketsPage *>(pending.page)) {
            // A ticket's comments are read when it is selected: shot once they show.
            auto *list = tickets->findChild<QTableView *>(QStringLiteral("ticketList"));
            if (list && list->model()->rowCount() > 0) {
                once(tickets, &ui::TicketsPage::commentsShown, shoot);
                list->setCurrentIndex(list->model()->index(0, 0));
            } else {
                shoot();
            }
        }
        else
            shoot();
    }

    // The monitor on the workflow that failed (or paused at a failure), its
    // failed step selected, showing the graph and the diff of its attempts.
    void showFailedWorkflow(ui::WorkflowsPage *page, const std::function<void()> &shoot)
    {
        auto *list = page->findChild<QTableView *>(QStringLiteral("workflowList"));
        const int row = firstRowIn(list->model(), ui::WorkflowListModel::StateRole, {QStringLiteral("failed"), QStringLiteral("paused")});
        if (row < 0) {
            selectFirstRow(list, shoot);
            return;
        }
        auto graphShown = std::make_shared<bool>(false);
        auto stepsLoaded = std::make_shared<bool>(false);
        const auto selectStep = [this, page, graphShown, stepsLoaded, shoot] {
            if (!*graphShown || !*stepsLoaded)
                return;
            auto *steps = page->findChild<QTableView *>(QStringLiteral("stepTable"));
            const int failed = firstRowIn(steps->model(), ui::StepTableModel::StateRole, {QStringLiteral("failed"), QStringLiteral("paused")});
            if (failed < 0) {
                shoot();
                return;
            }
            once(page, &ui::WorkflowsPage::attemptsLoaded, [page, shoot] {
                auto *graph = page->findChild<ui::WorkflowGraphView *>();
                showTabOf(graph);
                showTabOf(page->findChild<QTableView *>(QStringLiteral("attemptDiff")));
                shoot();
            });
            steps->setCurrentIndex(steps->model()->index(failed, 0));
        };
        once(page, &ui::WorkflowsPage::graphShown, [graphShown, selectStep] {
            *graphShown = true;
            selectStep();
        });
        once(page, &ui::WorkflowsPage::stepsLoaded, [stepsLoaded, selectStep] {
            *stepsLoaded = true;
            selectStep();
        });
        list->setCurrentIndex(list->model()->index(row, 0));
    }

    void selectFirstRow(QTableView *view, const std::function<void()> &then)
    {
        if (view && view->model()->rowCount() > 0)
            view->setCurrentIndex(view->model()->index(0, 0));
        then();
    }

    void fail(const QString &message)
    {
        std::fprintf(stderr, "console-shots: %s: %s\n", qPrintable(m_user), qPrintable(message));
        Q_EMIT finished(1);
    }

    struct Pending
    {
        Section section;
        QWidget *page;
        bool loaded;
    };

    OrdoClient m_client;
    QString m_password;
    QStringList m_users;
    QDir m_out;
    QSize m_size;
    QString m_user;
    std::unique_ptr<ui::MainWindow> m_window;
    QList<Section> m_done; // shot already, for an earlier user
    QList<Pending> m_todo;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ordo"));
    QApplication::setOrganizationName(QStringLiteral("ordo"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Saves a picture of every section of the Ordo console, each shown by the first "
                                                    "of the users that has it (password: ORDO_PASSWORD)."));
    parser.addHelpOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file."), QStringLiteral("path"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Folder for the PNGs."), QStringLiteral("dir"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Window size (1280x800)."), QStringLiteral("WxH"),
                                        QStringLiteral("1280x800"));
    parser.addOptions({dbOption, outOption, sizeOption});
    parser.addPositionalArgument(QStringLiteral("users"), QStringLiteral("Users to sign in as, in order."), QStringLiteral("USER..."));
    parser.process(app);

    const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
    const QSize windowSize = size.size() == 2 ? QSize(size[0].toInt(), size[1].toInt()) : QSize();
    if (!parser.isSet(dbOption) || !parser.isSet(outOption) || parser.positionalArguments().isEmpty() || windowSize.isEmpty()) {
        std::fprintf(stderr, "usage: console-shots --db PATH --out DIR [--size WxH] USER...\n");
        return 2;
    }
    if (!QFileInfo::exists(parser.value(dbOption))) {
        std::fprintf(stderr, "console-shots: no database at %s\n", qPrintable(parser.value(dbOption)));
        return 4;
    }
    const QDir out(parser.value(outOption));
    if (!QDir().mkpath(out.absolutePath())) {
        std::fprintf(stderr, "console-shots: cannot create %s\n", qPrintable(out.absolutePath()));
        return 1;
    }

    Shooter shooter(parser.value(dbOption), qEnvironmentVariable("ORDO_PASSWORD"), parser.positionalArguments(), out, windowSize);
    QObject::connect(&shooter, &Shooter::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    QTimer::singleShot(0, &shooter, &Shooter::start);
    // A page that never answers ends the run instead of hanging it.
    QTimer::singleShot(120000, &app, [] {
        std::fprintf(stderr, "console-shots: a section did not finish loading within 120 s\n");
        QCoreApplication::exit(1);
    });
    return app.exec();
}

#include "ConsoleShots.moc"
