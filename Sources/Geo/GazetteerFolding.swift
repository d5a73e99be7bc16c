/// The form ``Gazetteer`` compares names in, so that "Malmo" finds "Malmö", "sao paulo" finds "São Paulo"
/// and "st louis" finds "St. Louis": UTF-8 bytes with
///
/// * letters lower-cased and stripped of their accents (compatibility decomposition without the combining
///   marks), and a few letters Unicode does not decompose spelled the way people type them: ß → ss,
///   æ → ae, ø → o, ł → l, þ → th, đ → d;
/// * apostrophes and full stops dropped ("L'Aquila" → "laquila");
/// * every other run of spaces, hyphens and punctuation made one space, none at either end;
/// * fullwidth ASCII (as Japanese keyboards type it) made ASCII; Han, kana, Hangul and other caseless
///   scripts left as they are.
///
/// Keys never contain a 0 byte, which lets ``GazetteerKeyIndex`` pad them with zeros. The code sticks to
/// `while` loops and plain comparisons: it folds every name of the bundled file at service start, and in
/// debug builds ranges, iterators and generic algorithms are calls that cost more than the work.
enum GazetteerFolding {
    /// The key of `text`.
    static func key(_ text: String) -> [UInt8] {
        var utf8 = Array(text.utf8)
        var key = [UInt8](repeating: 0, count: maximumKeyLength(forUTF8Count: utf8.count))
        let length = utf8.withUnsafeMutableBufferPointer { text in
            key.withUnsafeMutableBufferPointer { writeKey(of: UnsafeBufferPointer(text), to: $0.baseAddress!) }
        }
        key.removeSubrange(length...)
        return key
    }

    /// Room enough for the key of `count` bytes of UTF-8: no character folds to more than three times its
    /// length (a malformed byte becomes U+FFFD, three bytes).
    static func maximumKeyLength(forUTF8Count count: Int) -> Int { 3 * count + 4 }

    /// Writes the key of the UTF-8 `text` at `out`, which must have room for ``maximumKeyLength(forUTF8Count:)``
    /// bytes, and returns its length. Malformed UTF-8 separates words, as punctuation does, rather than failing.
    static func writeKey(of text: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let input = text.baseAddress else { return 0 }
        let count = text.count
        var length = 0
        var separatorPending = false
        var index = 0
        while index < count {
            let byte = input[index]
            // ASCII letters and digits, nearly every byte of the bundled file, take no call.
            let isUpper = byte >= 0x41 && byte <= 0x5A
            if isUpper || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                if separatorPending {
                    out[length] = 0x20
                    length += 1
                    separatorPending = false
                }
                out[length] = isUpper ? byte | 0x20 : byte
                length += 1
                index += 1
                continue
            }
            var scalar = UInt32(byte)
            var width = 1
            if byte >= 0x80 { (scalar, width) = decode(input, count: count, at: index) }
            index += width
            // Fullwidth ASCII is handled as the ASCII it stands for.
            if scalar >= 0xFF01 && scalar <= 0xFF5E { scalar -= 0xFEE0 }
            switch classify(scalar) {
            case .dropped:
                continue
            case .separator:
                separatorPending = length > 0
                continue
            case .letter:
                if separatorPending {
                    out[length] = 0x20
                    length += 1
                    separatorPending = false
                }
                length = writeFolded(scalar, to: out, at: length)
            }
        }
        return length
    }

    private enum Role { case letter, separator, dropped }

    private static func classify(_ scalar: UInt32) -> Role {
        if scalar < 0x80 {
            if (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A) { return .letter }
            return scalar == 0x27 || scalar == 0x2E || scalar == 0x60 ? .dropped : .separator  // apostrophe, full stop, backtick
        }
        if scalar == 0xB4 || scalar == 0x2B9 || scalar == 0x2BB || scalar == 0x2BC || scalar == 0x2018 || scalar == 0x2019
            || scalar == 0x2032 { return .dropped }  // acute accent, modifier letter and typographic apostrophes, prime
        if scalar >= 0x300 && scalar <= 0x36F { return .dropped }  // combining diacritical marks
        if scalar <= 0xBF || scalar == 0xD7 || scalar == 0xF7 || (scalar >= 0x2000 && scalar <= 0x206F)
            || (scalar >= 0x3000 && scalar <= 0x303F) || scalar == 0x30FB || scalar == 0xFFFD { return .separator }
        return .letter
    }

    /// Writes the folded form of a letter or digit at `out[length]` and returns the new length.
    private static func writeFolded(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>, at length: Int) -> Int {
        if scalar < 0x80 {
            out[length] = scalar >= 0x41 && scalar <= 0x5A ? UInt8(scalar | 0x20) : UInt8(scalar)
            return length + 1
        }
        if scalar >= tableStart && scalar < tableEnd {
            let packed = table[Int(scalar - tableStart)]
            if packed != 0 {
                // Up to three bytes, the first in bits 16-23, and their count in bits 24-31.
                let count = Int(packed >> 24)
                out[length] = UInt8(truncatingIfNeeded: packed >> 16)
                if count > 1 { out[length + 1] = UInt8(truncatingIfNeeded: packed >> 8) }
                if count > 2 { out[length + 2] = UInt8(truncatingIfNeeded: packed) }
                return length + count
            }
        }
        // Han, kana and Hangul have no case or marks to fold: the common non-Latin keys skip the lookups.
        let caseless = (scalar >= 0x3040 && scalar <= 0x9FFF) || (scalar >= 0xAC00 && scalar <= 0xD7A3)
        if !caseless, let unicodeScalar = Unicode.Scalar(scalar) {
            let properties = unicodeScalar.properties
            if properties.generalCategory == .nonspacingMark { return length }
            // At most 1.5 bytes out for a byte in (U+0130 → i + U+0307), within maximumKeyLength's bound.
            if properties.changesWhenLowercased {
                var end = length
                for byte in properties.lowercaseMapping.utf8 {
                    out[end] = byte
                    end += 1
                }
                return end
            }
        }
        return writeUTF8(scalar, to: out, at: length)
    }

    /// The scalar at `index` (whose byte is 0x80 or more) and its length in bytes; U+FFFD and 1 for a
    /// malformed, overlong, surrogate or cut-short sequence.
    private static func decode(_ text: UnsafePointer<UInt8>, count: Int, at index: Int) -> (UInt32, Int) {
        let lead = text[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, lead < 0xF5, index + length <= count else { return (0xFFFD, 1) }
        var scalar = UInt32(lead) & (0x7F >> UInt32(length))
        var offset = 1
        while offset < length {
            let byte = text[index + offset]
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
            offset += 1
        }
        let smallest: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard scalar >= smallest, scalar <= 0x10FFFF, scalar < 0xD800 || scalar > 0xDFFF else { return (0xFFFD, 1) }
        return (scalar, length)
    }

    private static func writeUTF8(_ scalar: UInt32, to out: UnsafeMutablePointer<UInt8>, at length: Int) -> Int {
        if scalar < 0x800 {
            out[length] = UInt8(0xC0 | scalar >> 6)
            out[length + 1] = UInt8(0x80 | scalar & 0x3F)
            return length + 2
        }
        if scalar < 0x10000 {
            out[length] = UInt8(0xE0 | scalar >> 12)
            out[length + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[length + 2] = UInt8(0x80 | scalar & 0x3F)
            return length + 3
        }
        out[length] = UInt8(0xF0 | scalar >> 18)
        out[length + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
        out[length + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
        out[length + 3] = UInt8(0x80 | scalar & 0x3F)
        return length + 4
    }

    private static let tableStart: UInt32 = 0xC0
    private static let tableEnd: UInt32 = 0x2000

    /// The folded UTF-8 of U+00C0 to U+1FFF (Latin, Greek and Cyrillic with their accents), packed as in
    /// `writeFolded`; 0 where the generic lower-casing does.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Int(tableEnd - tableStart))
        for entry in tableSource.joined(separator: " ").split(separator: " ") {
            guard let source = entry.unicodeScalars.first else { continue }
            let folded = Array(entry.utf8.dropFirst(UTF8.width(source)))
            var packed = UInt32(folded.count) << 24
            for (offset, byte) in folded.enumerated() { packed |= UInt32(byte) << UInt32(16 - 8 * offset) }
            table[Int(source.value - tableStart)] = packed
        }
        return table
    }()

    /// Each entry is a character and its folded form: made by `scripts/build-gazetteer.py --fold-table`
    /// (Python's NFKD without combining marks, case-folded, and the letters spelled out by hand).
    private static let tableSource: [String] = [
        "Àa Áa Âa Ãa Äa Åa Æae Çc Èe Ée Êe Ëe Ìi Íi Îi Ïi Ðd Ñn Òo Óo Ôo Õo Öo Øo Ùu Úu Ûu Üu Ýy Þth ßss",
        "àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ðd ñn òo óo ôo õo öo øo ùu úu ûu üu ýy þth ÿy",
        "Āa āa Ăa ăa Ąa ąa Ćc ćc Ĉc ĉc Ċc ċc Čc čc Ďd ďd Đd đd Ēe ēe Ĕe ĕe Ėe ėe Ęe ęe Ěe ěe Ĝg ĝg Ğg ğg",
        "Ġg ġg Ģg ģg Ĥh ĥh Ħh ħh Ĩi ĩi Īi īi Ĭi ĭi Įi įi İi ıi Ĳij ĳij Ĵj ĵj Ķk ķk ĸk Ĺl ĺl Ļl ļl Ľl ľl",
        "Łl łl Ńn ńn Ņn ņn Ňn ňn ŉʼn Ŋn ŋn Ōo ōo Ŏo ŏo Őo őo Œoe œoe Ŕr ŕr Ŗr ŗr Řr řr Śs śs Ŝs ŝs Şs şs",
        "Šs šs Ţt ţt Ťt ťt Ŧt ŧt Ũu ũu Ūu ūu Ŭu ŭu Ůu ůu Űu űu Ųu ųu Ŵw ŵw Ŷy ŷy Ÿy Źz źz Żz żz Žz žz ſs",
        "ƀb Ɓb Ƃƃ Ƅƅ Ɔo Ƈƈ Ɖɖ Ɗd Ƌƌ Ǝe Əe Ɛe Ƒƒ ƒf Ɠɠ Ɣɣ Ɩɩ Ɨi Ƙk ƙk ƚl Ɯɯ Ɲɲ Ɵɵ Ơo ơo Ƣƣ Ƥƥ Ʀʀ Ƨƨ Ʃʃ Ƭƭ",
        "Ʈʈ Ưu ưu Ʊʊ Ʋʋ Ƴƴ Ƶƶ Ʒz Ƹƹ Ƽƽ Ǆdz ǅdz ǆdz Ǉlj ǈlj ǉlj Ǌnj ǋnj ǌnj Ǎa ǎa Ǐi ǐi Ǒo ǒo Ǔu ǔu Ǖu ǖu",
        "Ǘu ǘu Ǚu ǚu Ǜu ǜu ǝe Ǟa ǟa Ǡa ǡa Ǣæ ǣæ Ǥǥ Ǧg ǧg Ǩk ǩk Ǫo ǫo Ǭo ǭo Ǯʒ ǯʒ ǰj Ǳdz ǲdz ǳdz Ǵg ǵg Ƕƕ",
        "Ƿƿ Ǹn ǹn Ǻa ǻa Ǽæ ǽæ Ǿø ǿø Ȁa ȁa Ȃa ȃa Ȅe ȅe Ȇe ȇe Ȉi ȉi Ȋi ȋi Ȍo ȍo Ȏo ȏo Ȑr ȑr Ȓr ȓr Ȕu ȕu Ȗu",
        "ȗu Șs șs Țt țt Ȝȝ Ȟh ȟh Ƞƞ Ȣȣ Ȥȥ Ȧa ȧa Ȩe ȩe Ȫo ȫo Ȭo ȭo Ȯo ȯo Ȱo ȱo Ȳy ȳy Ⱥⱥ Ȼȼ Ƚƚ Ⱦⱦ Ɂɂ Ƀƀ Ʉʉ",
        "Ʌʌ Ɇɇ Ɉɉ Ɋɋ Ɍɍ Ɏɏ Ͱͱ Ͳͳ ʹʹ Ͷͷ Ϳϳ Άα Έε Ήη Ίι Όο Ύυ Ώω ΐι Αα Ββ Γγ Δδ Εε Ζζ Ηη Θθ Ιι Κκ Λλ Μμ Νν",
        "Ξξ Οο Ππ Ρρ Σσ Ττ Υυ Φφ Χχ Ψψ Ωω Ϊι Ϋυ άα έε ήη ίι ΰυ ςσ ϊι ϋυ όο ύυ ώω Ϗϗ ϐβ ϑθ ϒυ ϓυ ϔυ ϕφ ϖπ",
        "Ϙϙ Ϛϛ Ϝϝ Ϟϟ Ϡϡ Ϣϣ Ϥϥ Ϧϧ Ϩϩ Ϫϫ Ϭϭ Ϯϯ ϰκ ϱρ ϲσ ϴθ ϵε Ϸϸ Ϲσ Ϻϻ Ͻͻ Ͼͼ Ͽͽ Ѐе Ёе Ђђ Ѓг Єє Ѕѕ Іі Їі Јј",
        "Љљ Њњ Ћћ Ќк Ѝи Ўу Џџ Аа Бб Вв Гг Дд Ее Жж Зз Ии Йи Кк Лл Мм Нн Оо Пп Рр Сс Тт Уу Фф Хх Цц Чч Шш",
        "Щщ Ъъ Ыы Ьь Ээ Юю Яя йи ѐе ёе ѓг їі ќк ѝи ўу Ѡѡ Ѣѣ Ѥѥ Ѧѧ Ѩѩ Ѫѫ Ѭѭ Ѯѯ Ѱѱ Ѳѳ Ѵѵ Ѷѵ ѷѵ Ѹѹ Ѻѻ Ѽѽ Ѿѿ",
        "Ҁҁ Ҋҋ Ҍҍ Ҏҏ Ґґ Ғғ Ҕҕ Җҗ Ҙҙ Ққ Ҝҝ Ҟҟ Ҡҡ Ңң Ҥҥ Ҧҧ Ҩҩ Ҫҫ Ҭҭ Үү Ұұ Ҳҳ Ҵҵ Ҷҷ Ҹҹ Һһ Ҽҽ Ҿҿ Ӏӏ Ӂж ӂж Ӄӄ",
        "Ӆӆ Ӈӈ Ӊӊ Ӌӌ Ӎӎ Ӑа ӑа Ӓа ӓа Ӕӕ Ӗе ӗе Әә Ӛә ӛә Ӝж ӝж Ӟз ӟз Ӡӡ Ӣи ӣи Ӥи ӥи Ӧо ӧо Өө Ӫө ӫө Ӭэ ӭэ Ӯу",
        "ӯу Ӱу ӱу Ӳу ӳу Ӵч ӵч Ӷӷ Ӹы ӹы Ӻӻ Ӽӽ Ӿӿ Ḁa ḁa Ḃb ḃb Ḅb ḅb Ḇb ḇb Ḉc ḉc Ḋd ḋd Ḍd ḍd Ḏd ḏd Ḑd ḑd Ḓd",
        "ḓd Ḕe ḕe Ḗe ḗe Ḙe ḙe Ḛe ḛe Ḝe ḝe Ḟf ḟf Ḡg ḡg Ḣh ḣh Ḥh ḥh Ḧh ḧh Ḩh ḩh Ḫh ḫh Ḭi ḭi Ḯi ḯi Ḱk ḱk Ḳk",
        "ḳk Ḵk ḵk Ḷl ḷl Ḹl ḹl Ḻl ḻl Ḽl ḽl Ḿm ḿm Ṁm ṁm Ṃm ṃm Ṅn ṅn Ṇn ṇn Ṉn ṉn Ṋn ṋn Ṍo ṍo Ṏo ṏo Ṑo ṑo Ṓo",
        "ṓo Ṕp ṕp Ṗp ṗp Ṙr ṙr Ṛr ṛr Ṝr ṝr Ṟr ṟr Ṡs ṡs Ṣs ṣs Ṥs ṥs Ṧs ṧs Ṩs ṩs Ṫt ṫt Ṭt ṭt Ṯt ṯt Ṱt ṱt Ṳu",
        "ṳu Ṵu ṵu Ṷu ṷu Ṹu ṹu Ṻu ṻu Ṽv ṽv Ṿv ṿv Ẁw ẁw Ẃw ẃw Ẅw ẅw Ẇw ẇw Ẉw ẉw Ẋx ẋx Ẍx ẍx Ẏy ẏy Ẑz ẑz Ẓz",
        "ẓz Ẕz ẕz ẖh ẗt ẘw ẙy ẚaʾ ẛs ẞss Ạa ạa Ảa ảa Ấa ấa Ầa ầa Ẩa ẩa Ẫa ẫa Ậa ậa Ắa ắa Ằa ằa Ẳa ẳa Ẵa",
        "ẵa Ặa ặa Ẹe ẹe Ẻe ẻe Ẽe ẽe Ếe ếe Ềe ềe Ểe ểe Ễe ễe Ệe ệe Ỉi ỉi Ịi ịi Ọo ọo Ỏo ỏo Ốo ốo Ồo ồo Ổo",
        "ổo Ỗo ỗo Ộo ộo Ớo ớo Ờo ờo Ởo ởo Ỡo ỡo Ợo ợo Ụu ụu Ủu ủu Ứu ứu Ừu ừu Ửu ửu Ữu ữu Ựu ựu Ỳy ỳy Ỵy",
        "ỵy Ỷy ỷy Ỹy ỹy Ỻỻ Ỽỽ Ỿỿ ἀα ἁα ἂα ἃα ἄα ἅα ἆα ἇα Ἀα Ἁα Ἂα Ἃα Ἄα Ἅα Ἆα Ἇα ἐε ἑε ἒε ἓε ἔε ἕε Ἐε Ἑε",
        "Ἒε Ἓε Ἔε Ἕε ἠη ἡη ἢη ἣη ἤη ἥη ἦη ἧη Ἠη Ἡη Ἢη Ἣη Ἤη Ἥη Ἦη Ἧη ἰι ἱι ἲι ἳι ἴι ἵι ἶι ἷι Ἰι Ἱι Ἲι Ἳι",
        "Ἴι Ἵι Ἶι Ἷι ὀο ὁο ὂο ὃο ὄο ὅο Ὀο Ὁο Ὂο Ὃο Ὄο Ὅο ὐυ ὑυ ὒυ ὓυ ὔυ ὕυ ὖυ ὗυ Ὑυ Ὓυ Ὕυ Ὗυ ὠω ὡω ὢω ὣω",
        "ὤω ὥω ὦω ὧω Ὠω Ὡω Ὢω Ὣω Ὤω Ὥω Ὦω Ὧω ὰα άα ὲε έε ὴη ήη ὶι ίι ὸο όο ὺυ ύυ ὼω ώω ᾀα ᾁα ᾂα ᾃα ᾄα ᾅα",
        "ᾆα ᾇα ᾈα ᾉα ᾊα ᾋα ᾌα ᾍα ᾎα ᾏα ᾐη ᾑη ᾒη ᾓη ᾔη ᾕη ᾖη ᾗη ᾘη ᾙη ᾚη ᾛη ᾜη ᾝη ᾞη ᾟη ᾠω ᾡω ᾢω ᾣω ᾤω ᾥω",
        "ᾦω ᾧω ᾨω ᾩω ᾪω ᾫω ᾬω ᾭω ᾮω ᾯω ᾰα ᾱα ᾲα ᾳα ᾴα ᾶα ᾷα Ᾰα Ᾱα Ὰα Άα ᾼα ιι ῂη ῃη ῄη ῆη ῇη Ὲε Έε Ὴη Ήη",
        "ῌη ῐι ῑι ῒι ΐι ῖι ῗι Ῐι Ῑι Ὶι Ίι ῠυ ῡυ ῢυ ΰυ ῤρ ῥρ ῦυ ῧυ Ῠυ Ῡυ Ὺυ Ύυ Ῥρ ῲω ῳω ῴω ῶω ῷω Ὸο Όο Ὼω",
        "Ώω ῼω",
    ]
}
