#pragma once

#include <QByteArray>
#include <QString>

class Prediction;

/// What a saved output carries about the prediction that made it: the prompt, a `parameters` text in
/// AUTOMATIC1111's shape (which image sites read), and the whole prediction as JSON.
struct ProvenanceRecord final
{
    /// The largest single metadata block (text chunk, EXIF, XMP packet, comment) a reader takes in.
    static constexpr qsizetype maxBlockBytes = 16 * 1024 * 1024;

    QString predictionId;
    QString prompt;
    /// The prompt on the first line, then `Model: …, Seed: …, Aspect ratio: …, Output format: …,
    /// Prediction: <id>, Provider: <name>, Created: <ISO time>`, each part only when known.
    QString parameters;
    QByteArray predictionJson; ///< Compact; empty when a file carried only the text parts.

    /// Everything from @p prediction as it was last seen; @p providerName is the human name ("Replicate").
    static ProvenanceRecord fromPrediction(const Prediction &prediction, const QString &providerName);
    /// The seed from the `seed` input, else from the logs' "Using seed: N" (FLUX); "" when neither says.
    static QString seedOf(const Prediction &prediction);
    static QString parametersText(const Prediction &prediction, const QString &providerName);

    /// Fills the id and prompt from predictionJson, else from the parameters text, where a reader found
    /// only some parts.
    void completeFromParts();
    bool isEmpty() const { return prompt.isEmpty() && parameters.isEmpty() && predictionJson.isEmpty(); }

    friend bool operator==(const ProvenanceRecord &a, const ProvenanceRecord &b)
    {
        return a.predictionId == b.predictionId && a.prompt == b.prompt && a.parameters == b.parameters
            && a.predictionJson == b.predictionJson;
    }
};
