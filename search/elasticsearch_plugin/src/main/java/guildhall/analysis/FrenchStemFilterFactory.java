package guildhall.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Light French stemming, as in Lucene's FrenchAnalyzer ("vélos" -> "vélo"). */
@NamedComponent("guildhall_french_stem")
public class FrenchStemFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new FrenchLightStemFilter(tokenStream);
    }
}
