<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AddTasksDialog</name>
    <message numerus="yes">
        <source>Found %n prediction(s)</source>
        <translation>
            <numerusform>Found %n prediction</numerusform>
            <numerusform>Found %n predictions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) not understood</source>
        <translation>
            <numerusform>%n line not understood</numerusform>
            <numerusform>%n lines not understood</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %n</source>
        <translation>
            <numerusform>Add %n</numerusform>
            <numerusform>Add %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message numerus="yes">
        <source>Imported %n prediction(s)</source>
        <translation>
            <numerusform>Imported %n prediction</numerusform>
            <numerusform>Imported %n predictions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n listed)</source>
        <translation>
            <numerusform>(%n listed)</numerusform>
            <numerusform>(%n listed)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CostText</name>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Selected: %1 (%n task(s))</source>
        <translation>
            <numerusform>Selected: %1 (%n task)</numerusform>
            <numerusform>Selected: %1 (%n tasks)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cost: %1 (%n task(s))</source>
        <translation>
            <numerusform>Cost: %1 (%n task)</numerusform>
            <numerusform>Cost: %1 (%n tasks)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n unknown</source>
        <translation>
            <numerusform>, %n unknown</numerusform>
            <numerusform>, %n unknown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n running</source>
        <translation>
            <numerusform>, %n running</numerusform>
            <numerusform>, %n running</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DisplayText</name>
    <message numerus="yes">
        <source>(%n characters)</source>
        <translation>
            <numerusform>(%n character)</numerusform>
            <numerusform>(%n characters)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportAction</name>
    <message numerus="yes">
        <source>Exporting %n task(s)…</source>
        <translation>
            <numerusform>Exporting %n task…</numerusform>
            <numerusform>Exporting %n tasks…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n task(s) to %1</source>
        <translation>
            <numerusform>Exported %n task to %1</numerusform>
            <numerusform>Exported %n tasks to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileImportFlow</name>
    <message numerus="yes">
        <source>%n prediction(s) imported</source>
        <translation>
            <numerusform>%n prediction imported</numerusform>
            <numerusform>%n predictions imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>from %n file(s)</source>
        <translation>
            <numerusform>from %n file</numerusform>
            <numerusform>from %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already tracked</source>
        <translation>
            <numerusform>%n already tracked</numerusform>
            <numerusform>%n already tracked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) carry no prediction from Replimon and were not imported.</source>
        <translation>
            <numerusform>%n file carries no prediction from Replimon and was not imported.</numerusform>
            <numerusform>%n files carry no prediction from Replimon and were not imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n prediction(s) added</source>
        <translation>
            <numerusform>%n prediction added</numerusform>
            <numerusform>%n predictions added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n already tracked)</source>
        <translation>
            <numerusform>(%n already tracked)</numerusform>
            <numerusform>(%n already tracked)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tracked</source>
        <translation>
            <numerusform>%n tracked</numerusform>
            <numerusform>%n tracked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n active</source>
        <translation>
            <numerusform>%n active</numerusform>
            <numerusform>%n active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stop tracking %n prediction(s)? Files already saved stay on disk.</source>
        <translation>
            <numerusform>Stop tracking %n prediction? Files already saved stay on disk.</numerusform>
            <numerusform>Stop tracking %n predictions? Files already saved stay on disk.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <source>The server is limiting requests right now; try again in %n second(s).</source>
        <translation>
            <numerusform>The server is limiting requests right now; try again in %n second.</numerusform>
            <numerusform>The server is limiting requests right now; try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StarActions</name>
    <message numerus="yes">
        <source>Unstarred %n task(s)</source>
        <translation>
            <numerusform>Unstarred %n task</numerusform>
            <numerusform>Unstarred %n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Starred %n task(s): their outputs are always saved</source>
        <translation>
            <numerusform>Starred %n task: its outputs are always saved</numerusform>
            <numerusform>Starred %n tasks: their outputs are always saved</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskImagesSection</name>
    <message numerus="yes">
        <source>Saved %n files in %1</source>
        <translation>
            <numerusform>Saved %n file in %1</numerusform>
            <numerusform>Saved %n files in %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskNoticesSection</name>
    <message numerus="yes">
        <source>in %n hour(s)</source>
        <translation>
            <numerusform>in %n hour</numerusform>
            <numerusform>in %n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n min</source>
        <translation>
            <numerusform>in %n min</numerusform>
            <numerusform>in %n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message numerus="yes">
        <source>%n prediction(s) succeeded</source>
        <translation>
            <numerusform>%n prediction succeeded</numerusform>
            <numerusform>%n predictions succeeded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) failed</source>
        <translation>
            <numerusform>%n prediction failed</numerusform>
            <numerusform>%n predictions failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prediction(s) finished: %1 succeeded, %2 failed</source>
        <translation>
            <numerusform>%n prediction finished: %1 succeeded, %2 failed</numerusform>
            <numerusform>%n predictions finished: %1 succeeded, %2 failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replimon: %n active</source>
        <translation>
            <numerusform>Replimon: %n active</numerusform>
            <numerusform>Replimon: %n active</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UsageView</name>
    <message numerus="yes">
        <source>No predictions in the last %n day(s) among those the table shows.</source>
        <translation>
            <numerusform>No predictions in the last %n day among those the table shows.</numerusform>
            <numerusform>No predictions in the last %n days among those the table shows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 to %2: %n prediction(s) that the table shows</source>
        <translation>
            <numerusform>%1 to %2: %n prediction that the table shows</numerusform>
            <numerusform>%1 to %2: %n predictions that the table shows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n without a price (not in the spend)</source>
        <translation>
            <numerusform>%n without a price (not in the spend)</numerusform>
            <numerusform>%n without a price (not in the spend)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not ended yet</source>
        <translation>
            <numerusform>%n not ended yet</numerusform>
            <numerusform>%n not ended yet</numerusform>
        </translation>
    </message>
</context>
</TS>
