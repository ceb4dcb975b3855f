package guildhall.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** English stemming as Lucene's EnglishAnalyzer does it: drop possessives, then Porter ("running" -> "run"). */
@NamedComponent("guildhall_english_stem")
public class EnglishStemFilterFactory implements TokenFilterFactory {
    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new PorterStemFilter(new EnglishPossessiveFilter(tokenStream));
    }
}
