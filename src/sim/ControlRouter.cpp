#include "ControlRouter.h"

#include "JsonWriter.h"
#include "PredictionSpec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

ControlRouter::ControlRouter(SimStore &store, FaultRules &faults, RequestLog &log)
    : m_store(store)
    , m_faults(faults)
    , m_log(log)
{}

bool ControlRouter::isControlPath(const QString &path)
{
    return path == QLatin1String("/_sim") || path.startsWith(QLatin1String("/_sim/"));
}

HttpResponse ControlRouter::handle(const SimRequest &request, qint64 nowNs)
{
    const QString route = request.path.mid(5); // after "/_sim"
    const QByteArray &method = request.method;
    const auto ok = [] { return HttpResponse::json(200, QByteArrayLiteral(R"({"ok":true})")); };

    if (route == QLatin1String("/predictions") && method == "POST") {
        const QJsonDocument document = QJsonDocument::fromJson(request.body.isEmpty() ? QByteArrayLiteral("{}")
                                                                                      : request.body);
        QList<QJsonObject> specs;
        if (document.isObject()) {
            specs << document.object();
        } else if (document.isArray()) {
            const QJsonArray array = document.array();
            for (const QJsonValue &value : array)
                specs << value.toObject();
        } else {
            return HttpResponse::problem(400, QStringLiteral("expected a JSON object (a prediction spec)"));
        }
        // Parse everything first so a bad spec creates nothing.
        QList<PredictionSpec> parsed;
        for (const QJsonObject &json : specs) {
            QString error;
            const auto spec = PredictionSpec::fromJson(json, &error);
            if (!spec)
                return HttpResponse::problem(400, error);
            parsed << *spec;
        }
        QJsonArray ids;
        for (const PredictionSpec &spec : parsed) {
            QString error;
            const QStringList created = m_store.create(spec, nowNs, &error);
            if (created.isEmpty())
                return HttpResponse::problem(409, error);
            for (const QString &id : created)
                ids.append(id);
        }
        return HttpResponse::json(
            200, QJsonDocument(QJsonObject{{QStringLiteral("ids"), ids}}).toJson(QJsonDocument::Compact));
    }
    if (route == QLatin1String("/log")) {
        if (method == "GET") {
            const qint64 since = request.query.queryItemValue(QStringLiteral("since")).toLongLong();
            const QJsonObject body{{QStringLiteral("requests"), m_log.toJson(since)}};
            return HttpResponse::json(200, QJsonDocument(body).toJson(QJsonDocument::Compact));
        }
        if (method == "DELETE") {
            m_log.clear();
            return ok();
        }
    }
    if (route == QLatin1String("/faults")) {
        if (method == "POST" || method == "PUT") {
            QString error;
            if (!m_faults.setFromJson(request.body, &error))
                return HttpResponse::problem(400, error);
            return ok();
        }
        if (method == "DELETE") {
            m_faults.clear();
            return ok();
        }
    }
    if (route == QLatin1String("/reset") && method == "POST") {
        m_store.clear();
        m_faults.clear();
        m_log.clear();
        return ok();
    }
    return HttpResponse::problem(404, QByteArrayLiteral(R"({"detail":"No such control route.","status":404})"));
}
