#pragma once

#include "PredictionSpec.h"
#include "SimConfig.h"
#include "SimPrediction.h"

#include <QHash>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <optional>
#include <vector>

/// Every prediction the simulator knows, in creation order. Ids and random durations come from a
/// generator seeded with --random-seed, so a run with the same seed and the same requests is repeatable.
class SimStore final
{
public:
    /// A position in the list: predictions sort on creation time, then on creation order.
    struct Position
    {
        qint64 createdNs = 0;
        quint64 serial = 0;
    };

    struct Page
    {
        QList<const SimPrediction *> items; ///< Newest first.
        std::optional<Position> nextBefore; ///< Where the next page starts; nullopt on the last page.
    };

    explicit SimStore(const SimConfig &config);

    /// Where generated files are served (`http://127.0.0.2:PORT2`), for input_image URLs.
    void setFilesOrigin(const QString &origin) { m_filesOrigin = origin; }
    QString filesOrigin() const { return m_filesOrigin; }

    /// Creates predictions from a control spec. Fails (empty list, `error` set) if the id is taken.
    QStringList create(const PredictionSpec &spec, qint64 nowNs, QString *error = nullptr);
    /// Creates one prediction the way the API's create does: the input as given, the defaults of --queue-ms etc.
    const SimPrediction &createFromApi(const QString &model, const QString &version, const QJsonObject &input,
                                       qint64 nowNs);

    const SimPrediction *find(const QString &id) const;
    SimPrediction *find(const QString &id);
    /// The prediction whose stream URL ends in @p token (SimPrediction::streamToken).
    const SimPrediction *findByStreamToken(const QString &token) const;
    Page page(std::optional<Position> before, int pageSize, std::optional<qint64> createdAfterNs,
              std::optional<qint64> createdBeforeNs) const;
    int size() const { return int(m_predictions.size()); }
    void clear();

    static bool isArrayModel(const QString &model);
    static QString defaultFormat(const QString &model);
    /// A typical run time for the model (FLUX schnell 1.5 s, dev 7 s, pro 10 s, max 12 s), the median of
    /// run_dist realistic.
    static qint64 typicalRunMs(const QString &model);

private:
    QString newId();
    SimPrediction &append(SimPrediction prediction);
    /// Log-normal around @p medianMs, within half and twice the median.
    qint64 realisticRunMs(qint64 medianMs);

    const SimConfig &m_config;
    QRandomGenerator m_random;
    std::vector<SimPrediction> m_predictions;
    QHash<QString, qsizetype> m_index;
    QHash<QString, QString> m_streamTokens; ///< Stream token → id.
    std::vector<qsizetype> m_byCreation;    ///< Indices into m_predictions, oldest first.
    quint64 m_nextSerial = 1;
    QString m_filesOrigin;
};
