package guildhall.shim;

import java.util.List;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.ListSetting;

/**
 * The stock `synonym_graph` filter's inline parameters: `synonyms` (rules in Solr format), `expand` (default true)
 * and `lenient` (default false). Stock's `synonyms_path`, `synonyms_set` and `format: wordnet` are not mimicked.
 */
@AnalysisSettings
public interface SynonymGraphSettings {
    @ListSetting(path = "synonyms")
    List<String> synonyms();

    @BooleanSetting(path = "expand", defaultValue = true)
    boolean expand();

    @BooleanSetting(path = "lenient", defaultValue = false)
    boolean lenient();
}
