#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

class SimProcess;

/// Runs the real replimon-cli binary against a replimon-sim, with the sim's root and token in its
/// environment and nothing of the user's.
class CliRunner final
{
public:
    /// An environment change for one run: a value, or nullopt to remove the variable.
    using EnvChanges = QList<std::pair<QString, std::optional<QString>>>;

    struct Run
    {
        bool finished = false;
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    explicit CliRunner(SimProcess &sim)
        : m_sim(sim)
    {}

    Run run(const QStringList &arguments, const EnvChanges &changes = {}, const QByteArray &input = {}) const;

private:
    SimProcess &m_sim;
};
