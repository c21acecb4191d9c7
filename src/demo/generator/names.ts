/**
 * Fictional people of a diverse north London borough: first names and surnames by heritage, the
 * CIN census ethnicity a family of that heritage most often records, and home languages. The lists
 * are common names, combined at random, so any resemblance to a real family is chance.
 */
import { Random, Weighted } from './random.ts';

export type Heritage = {
  key: string;
  /** CIN census / SSDA903 ethnicity code (cin-census-codes.json, ethnicitytype). */
  ethnicity: string;
  boys: readonly string[];
  girls: readonly string[];
  surnames: readonly string[];
  /** Home languages, the first the most common. */
  languages: readonly string[];
  /** Surname endings that change for women ("-ski" to "-ska"). */
  feminine?: (surname: string) => string;
};

const words = (text: string): string[] => text.split(/\s*,\s*/).filter(Boolean);

const polishFeminine = (surname: string): string => surname.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka');

const ENGLISH_BOYS = words('Oliver, Harry, George, Jack, Charlie, Thomas, Jacob, Alfie, Freddie, Oscar, Leo, Archie, Henry, Joshua, James, William, Noah, Theo, Finley, Lewis, Max, Tyler, Riley, Callum, Connor, Liam, Mason, Ethan, Jayden, Reggie, Tommy, Billy, Ryan, Jamie, Kyle, Daniel, Samuel, Luke, Ben, Harvey, Louie, Ronnie, Stanley, Frankie, Albie');
const ENGLISH_GIRLS = words('Olivia, Amelia, Isla, Ava, Emily, Sophie, Grace, Lily, Ella, Mia, Poppy, Evie, Jessica, Chloe, Ruby, Millie, Freya, Daisy, Holly, Scarlett, Phoebe, Lola, Megan, Courtney, Chelsea, Kayla, Leah, Hannah, Charlotte, Amber, Jade, Paige, Summer, Maisie, Isabelle, Rosie, Layla, Ellie, Sienna, Erin, Lacey, Tilly, Harper, Willow');
const ENGLISH_SURNAMES = words('Smith, Jones, Taylor, Brown, Wilson, Johnson, Davies, Robinson, Wright, Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Turner, Hill, Cooper, Ward, Morris, King, Baker, Harrison, Allen, Carter, Mitchell, Barnes, Cook, Bell, Price, Bennett, Shaw, Russell, Fletcher, Hughes, Marsh, Doyle, Foster, Hayes, Lawson, Pearce, Holloway, Chapman, Webb, Sutton, Newman');
const CARIBBEAN_BOYS = words('Jermaine, Tyrese, Kieron, Marcus, Jerome, Devon, Andre, Darnell, Nathaniel, Isaiah, Malachi, Elijah, Kai, Reuben, Josiah, Dwayne, Leon, Aaron, Micah, Zion');
const CARIBBEAN_GIRLS = words('Shanice, Tanisha, Keisha, Aaliyah, Jada, Tia, Nia, Amani, Kezia, Chantelle, Imani, Leanne, Renee, Destiny, Jasmine, Kayla, Serena, Naomi, Tianna, Monique');
const CARIBBEAN_SURNAMES = words('Campbell, Brown, Williams, Thomas, Johnson, Francis, Joseph, Grant, Henry, Edwards, Richards, Reid, Morgan, Clarke, Gordon, Stewart, Samuels, Forbes, Bailey, Spencer, McKenzie, Lewis, Daley, Benjamin, Bryan, Powell, Blake, Simpson, Christie, Walters');

export const HERITAGES: readonly Heritage[] = [
  { key: 'english', ethnicity: 'WBRI', boys: ENGLISH_BOYS, girls: ENGLISH_GIRLS, surnames: ENGLISH_SURNAMES, languages: ['English'] },
  {
    key: 'irish', ethnicity: 'WIRI', languages: ['English'],
    boys: words('Sean, Patrick, Michael, Conor, Cian, Darragh, Oisin, Ciaran, John, Martin, Eoin, Ronan'),
    girls: words('Aoife, Siobhan, Niamh, Ciara, Bridget, Mary, Roisin, Orla, Kathleen, Saoirse, Aisling, Clodagh'),
    surnames: words('Murphy, Kelly, O’Brien, Byrne, Ryan, O’Connor, Doherty, McCarthy, Quinn, Gallagher, Brennan, Flynn, Sheridan, Maguire, O’Neill, Kavanagh'),
  },
  {
    key: 'traveller', ethnicity: 'WIRT', languages: ['English'],
    boys: words('John, Patrick, Michael, Martin, Tom, Jimmy, Paddy, Johnny, Christy, Mikey'),
    girls: words('Mary, Bridget, Margaret, Kathleen, Nora, Winnie, Josie, Chrissie, Ellen, Teresa'),
    surnames: words('Ward, Connors, McDonagh, Joyce, Maughan, Doran, Delaney, Reilly, Collins, Sheridan'),
  },
  {
    key: 'roma', ethnicity: 'WROM', languages: ['Romanes', 'Romanian', 'Slovak'],
    boys: words('Ionut, Marian, Florin, Costel, Dorin, Sorin, Marek, Tomas, Lukas, Robert'),
    girls: words('Florentina, Mariana, Ramona, Violeta, Denisa, Gabriela, Simona, Petra, Monika, Nikola'),
    surnames: words('Lacatus, Rostas, Caldarar, Stoian, Varga, Horvath, Balog, Lakatos, Kovac, Dudas'),
  },
  {
    key: 'polish', ethnicity: 'WOTH', languages: ['Polish'], feminine: polishFeminine,
    boys: words('Jakub, Kacper, Szymon, Filip, Mateusz, Michał, Bartosz, Wiktor, Oliwer, Antoni, Dawid, Kamil, Piotr, Tomasz'),
    girls: words('Zuzanna, Julia, Maja, Zofia, Hanna, Lena, Alicja, Oliwia, Natalia, Wiktoria, Aleksandra, Kinga, Martyna, Weronika'),
    surnames: words('Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Krawczyk, Piotrowski, Grabowski, Pawlak, Michalski, Nowicki'),
  },
  {
    key: 'romanian', ethnicity: 'WOTH', languages: ['Romanian'],
    boys: words('Andrei, Alexandru, Ștefan, Mihai, David, Gabriel, Ionuț, Darius, Luca, Matei, Florin, Cristian, Vlad, Bogdan'),
    girls: words('Maria, Ioana, Elena, Andreea, Alexandra, Sofia, Bianca, Daria, Ana, Gabriela, Denisa, Larisa, Roxana, Teodora'),
    surnames: words('Popescu, Ionescu, Popa, Dumitru, Stan, Stoica, Gheorghe, Rusu, Munteanu, Constantin, Lungu, Moldovan, Dinu, Ene, Radu, Stanciu, Marin, Petrescu'),
  },
  {
    key: 'bulgarian', ethnicity: 'WOTH', languages: ['Bulgarian'],
    boys: words('Georgi, Ivan, Dimitar, Nikolay, Martin, Aleksandar, Kaloyan, Boris, Viktor, Stefan'),
    girls: words('Maria, Ivana, Elena, Viktoria, Gergana, Desislava, Radostina, Yoana, Kristina, Nikol'),
    surnames: words('Ivanov, Georgiev, Dimitrov, Petrov, Nikolov, Hristov, Stoyanov, Todorov, Angelov, Kolev'),
    feminine: (surname) => `${surname}a`,
  },
  {
    key: 'turkish', ethnicity: 'WOTH', languages: ['Turkish'],
    boys: words('Mehmet, Mustafa, Emre, Yusuf, Ahmet, Eren, Burak, Kerem, Arda, Efe, Deniz, Can, Kaan, Ömer, Hakan, Serkan'),
    girls: words('Zeynep, Elif, Ayşe, Defne, Ecrin, Eylül, Melek, Aylin, Derya, Selin, Esra, Büşra, Hira, Nisa, Ceren'),
    surnames: words('Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek'),
  },
  {
    key: 'kurdish', ethnicity: 'OOTH', languages: ['Kurdish', 'Turkish'],
    boys: words('Rojhat, Serhat, Azad, Baran, Hozan, Welat, Zana, Siyar, Berdan, Dilovan, Rênas, Şervan'),
    girls: words('Dilan, Berfin, Rojda, Jiyan, Zozan, Helin, Nazdar, Avin, Hêvî, Rojin, Delal, Medya'),
    surnames: words('Aksoy, Tekin, Ekinci, Güneş, Tunç, Kaplan, Akbulut, Bingöl, Ateş, Yıldız, Polat, Demirtaş'),
  },
  {
    key: 'albanian', ethnicity: 'WOTH', languages: ['Albanian'],
    boys: words('Arben, Besnik, Dritan, Endrit, Klevis, Luan, Arjan, Erion, Kristi, Ardit, Elton, Gent'),
    girls: words('Ardita, Blerta, Elira, Jonida, Klea, Lirie, Mirela, Sara, Ajla, Era, Anisa, Dea'),
    surnames: words('Hoxha, Krasniqi, Gashi, Berisha, Shehu, Kola, Leka, Dervishi, Basha, Hysa, Meta, Cela'),
  },
  {
    key: 'greek', ethnicity: 'WOTH', languages: ['Greek', 'English'],
    boys: words('Andreas, Christos, Giorgos, Nikos, Panayiotis, Stelios, Marios, Costas, Michalis, Savvas'),
    girls: words('Eleni, Maria, Anastasia, Christina, Despina, Sofia, Androulla, Katerina, Georgia, Stella'),
    surnames: words('Georgiou, Christodoulou, Ioannou, Charalambous, Constantinou, Demetriou, Nicolaou, Pavlou, Savva, Kyriacou, Hadjipavlou, Andreou'),
  },
  {
    key: 'portuguese', ethnicity: 'WOTH', languages: ['Portuguese'],
    boys: words('João, Tiago, Rafael, Gabriel, Miguel, Lucas, Diogo, Pedro, Rodrigo, Enzo'),
    girls: words('Beatriz, Mariana, Ana, Inês, Leonor, Carolina, Larissa, Júlia, Letícia, Rafaela'),
    surnames: words('Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa, Fernandes, Gomes, Almeida'),
  },
  {
    key: 'nigerian', ethnicity: 'BAFR', languages: ['English', 'Yoruba', 'Igbo'],
    boys: words('Tobi, Tunde, David, Daniel, Emmanuel, Samuel, Chinedu, Obinna, Ifeanyi, Oluwaseun, Ayomide, Femi, Kelechi, Chidi, Joshua, Tolu, Dami, Jomiloju'),
    girls: words('Tolani, Adaeze, Chiamaka, Ngozi, Funmilayo, Precious, Blessing, Favour, Abimbola, Temitope, Oluwatosin, Chioma, Esther, Deborah, Ifeoma, Simisola'),
    surnames: words('Okafor, Adeyemi, Okonkwo, Adebayo, Balogun, Eze, Nwosu, Ogunleye, Olatunji, Oyelaran, Afolabi, Chukwu, Obi, Akinola, Adewale, Oladipo, Uche, Onyeka, Bello, Ogunbiyi'),
  },
  {
    key: 'ghanaian', ethnicity: 'BAFR', languages: ['English', 'Twi'],
    boys: words('Kwame, Kofi, Kwabena, Yaw, Kojo, Nana, Emmanuel, Prince, Michael, Kwesi, Papa'),
    girls: words('Ama, Akosua, Abena, Adwoa, Efua, Esi, Afia, Grace, Akua, Yaa, Maame'),
    surnames: words('Mensah, Owusu, Boateng, Asante, Appiah, Osei, Darko, Agyeman, Ansah, Opoku, Amoah, Frimpong, Antwi, Quaye'),
  },
  {
    key: 'somali', ethnicity: 'BAFR', languages: ['Somali'],
    boys: words('Mohamed, Abdi, Ahmed, Hassan, Yusuf, Abdirahman, Ismail, Omar, Hamza, Liban, Mustafe, Khalid'),
    girls: words('Hodan, Ayaan, Fadumo, Hibo, Amina, Sagal, Nasra, Hawa, Ifrah, Sahra, Muna, Idil'),
    surnames: words('Ali, Mohamed, Hassan, Farah, Abdi, Hussein, Warsame, Jama, Osman, Nur, Egal, Yusuf, Aden, Hersi, Dualeh'),
  },
  {
    key: 'eritrean', ethnicity: 'BAFR', languages: ['Tigrinya'],
    boys: words('Yonas, Filmon, Samuel, Dawit, Biniam, Robel, Semere, Abel, Henok, Natnael'),
    girls: words('Selam, Helen, Luwam, Senait, Mebrat, Rahel, Feven, Saba, Ruth, Hiwet'),
    surnames: words('Tesfay, Gebremedhin, Haile, Tekle, Berhane, Kidane, Habte, Ghebre, Yohannes, Woldu, Mehari, Asmerom'),
  },
  {
    key: 'congolese', ethnicity: 'BAFR', languages: ['French', 'Lingala'],
    boys: words('Jean, Glody, Christ, Dieumerci, Patrick, Junior, Beni, Exaucé, Trésor, Gloire'),
    girls: words('Grâce, Merveille, Divine, Esther, Chancelle, Exaucée, Naomie, Princesse, Ornella, Bénédicte'),
    surnames: words('Mbala, Lukusa, Mukendi, Tshibanda, Kabongo, Ilunga, Ngoy, Kalonji, Makiese, Mpoyi, Nsimba, Lumbala'),
  },
  { key: 'caribbean', ethnicity: 'BCRB', boys: CARIBBEAN_BOYS, girls: CARIBBEAN_GIRLS, surnames: CARIBBEAN_SURNAMES, languages: ['English'] },
  {
    key: 'black-british', ethnicity: 'BOTH', languages: ['English'],
    boys: [...CARIBBEAN_BOYS.slice(0, 10), ...ENGLISH_BOYS.slice(0, 10)],
    girls: [...CARIBBEAN_GIRLS.slice(0, 10), ...ENGLISH_GIRLS.slice(0, 10)],
    surnames: [...CARIBBEAN_SURNAMES.slice(0, 15), 'Mensah', 'Okafor', 'Phillips', 'Charles', 'James'],
  },
  {
    key: 'indian', ethnicity: 'AIND', languages: ['Gujarati', 'Punjabi', 'Hindi', 'English'],
    boys: words('Arjun, Rohan, Aarav, Krish, Dev, Ishaan, Vivaan, Aryan, Rahul, Sanjay, Jaspreet, Karan'),
    girls: words('Priya, Ananya, Diya, Isha, Riya, Saanvi, Kavya, Meera, Anjali, Pooja, Simran, Navdeep'),
    surnames: words('Patel, Shah, Sharma, Singh, Gupta, Mehta, Kumar, Joshi, Desai, Chauhan, Gill, Sandhu, Parmar, Mistry'),
  },
  {
    key: 'pakistani', ethnicity: 'APKN', languages: ['Urdu', 'Punjabi', 'English'],
    boys: words('Muhammad, Ali, Hamza, Zain, Ibrahim, Bilal, Usman, Haris, Ayaan, Rayyan, Zayan, Saad'),
    girls: words('Aisha, Fatima, Maryam, Hafsa, Zara, Iqra, Sana, Alishba, Mehwish, Inaya, Anaya, Noor'),
    surnames: words('Khan, Hussain, Ahmed, Akhtar, Mahmood, Iqbal, Butt, Malik, Raza, Chaudhry, Qureshi, Rashid'),
  },
  {
    key: 'bangladeshi', ethnicity: 'ABAN', languages: ['Bengali', 'Sylheti', 'English'],
    boys: words('Abdul, Rahim, Sami, Tahmid, Shahid, Nayeem, Imran, Arif, Rafi, Tanvir, Ayaan, Zakaria'),
    girls: words('Sumaiya, Tasnim, Nusrat, Ruksana, Farhana, Jannat, Sadia, Tahmina, Rumana, Shirin, Maisha, Anika'),
    surnames: words('Miah, Uddin, Rahman, Islam, Ahmed, Hossain, Ali, Chowdhury, Haque, Karim, Alam, Begum'),
  },
  {
    key: 'tamil', ethnicity: 'AOTH', languages: ['Tamil'],
    boys: words('Kajan, Thiru, Sanjeev, Mathusan, Nirujan, Piranavan, Aravinth, Kishan, Vithushan'),
    girls: words('Tharshika, Nivetha, Sinthuja, Kavitha, Abirami, Thulasi, Mathumitha, Keerthana, Luxshana'),
    surnames: words('Sivakumar, Selvarajah, Kanagaratnam, Thangarajah, Balasubramaniam, Navaratnam, Ravichandran, Sritharan, Yogarajah'),
  },
  {
    key: 'afghan', ethnicity: 'AOTH', languages: ['Dari', 'Pashto'],
    boys: words('Ahmad, Mohammad, Mustafa, Samiullah, Zabihullah, Farid, Jawad, Naveed, Wahid, Habib, Rahmat'),
    girls: words('Mariam, Parwana, Zahra, Shabnam, Mursal, Nilofar, Freshta, Madina, Yalda, Sahar'),
    surnames: words('Ahmadi, Hakimi, Rahimi, Karimi, Noori, Sultani, Stanikzai, Popal, Haidari, Rezaei, Hashimi, Sadiqi, Safi'),
  },
  {
    key: 'chinese', ethnicity: 'CHNE', languages: ['Cantonese', 'Mandarin', 'English'],
    boys: words('Wei, Jun, Hao, Ming, Jason, Kevin, Ethan, Ryan, Yi'),
    girls: words('Mei, Ling, Xin, Yan, Jessica, Chloe, Grace, Hui, Wing'),
    surnames: words('Chen, Wang, Li, Zhang, Liu, Wong, Lam, Chan, Ng, Lee, Cheung, Ho'),
  },
  {
    key: 'arab', ethnicity: 'OOTH', languages: ['Arabic'],
    boys: words('Omar, Yusuf, Karim, Adam, Khaled, Ahmad, Sami, Tariq, Ibrahim, Zaid, Hadi'),
    girls: words('Layla, Nour, Yasmin, Huda, Mariam, Rania, Salma, Leen, Jana, Dana, Hala'),
    surnames: words('Haddad, Al-Sayed, Mansour, Hamdan, Nasser, Saleh, Khalil, Abdullah, Hassan, Youssef, Darwish, Al-Amin'),
  },
  {
    key: 'latin', ethnicity: 'OOTH', languages: ['Spanish', 'Portuguese'],
    boys: words('Santiago, Mateo, Sebastián, Alejandro, Juan, Carlos, Diego, Andrés, Felipe, Thiago'),
    girls: words('Valentina, Camila, Isabella, Sofía, Daniela, Luciana, Gabriela, Mariana, Valeria, Ximena'),
    surnames: words('García, Rodríguez, Martínez, López, González, Hernández, Pérez, Sánchez, Ramírez, Torres, Flores, Vargas, Castro, Restrepo'),
  },
];

const byKey = new Map(HERITAGES.map((h) => [h.key, h]));

export function heritage(key: string): Heritage {
  const found = byKey.get(key);
  if (!found) throw new Error(`No heritage ${key}`);
  return found;
}

/**
 * Who comes to children's social care in an inner-London borough like the one the yearly report
 * describes (63% of children from Black, Asian, mixed or other White backgrounds): weights for a
 * family's heritage, with the two parents' heritages for mixed families.
 */
export const FAMILY_HERITAGE = new Weighted<readonly [string, string | null, string | null]>([
  // [mother's heritage, father's heritage (null: same), the children's ethnicity when mixed]
  [['english', null, null], 17],
  [['irish', null, null], 1.2],
  [['traveller', null, null], 0.6],
  [['roma', null, null], 2],
  [['polish', null, null], 3.5],
  [['romanian', null, null], 3.5],
  [['bulgarian', null, null], 1.5],
  [['turkish', null, null], 5.5],
  [['kurdish', null, null], 3],
  [['albanian', null, null], 2],
  [['greek', null, null], 1.5],
  [['portuguese', null, null], 2],
  [['nigerian', null, null], 5],
  [['ghanaian', null, null], 3],
  [['somali', null, null], 5],
  [['eritrean', null, null], 2],
  [['congolese', null, null], 2],
  [['caribbean', null, null], 9],
  [['black-british', null, null], 3],
  [['indian', null, null], 1.5],
  [['pakistani', null, null], 1],
  [['bangladeshi', null, null], 2],
  [['tamil', null, null], 1],
  [['afghan', null, null], 1.5],
  [['chinese', null, null], 0.5],
  [['arab', null, null], 2],
  [['latin', null, null], 2],
  [['english', 'caribbean', 'MWBC'], 5],
  [['caribbean', 'english', 'MWBC'], 2],
  [['english', 'nigerian', 'MWBA'], 1],
  [['english', 'ghanaian', 'MWBA'], 1],
  [['english', 'pakistani', 'MWAS'], 0.8],
  [['english', 'indian', 'MWAS'], 0.7],
  [['english', 'turkish', 'MOTH'], 1.5],
  [['polish', 'caribbean', 'MOTH'], 1],
  [['english', 'arab', 'MOTH'], 1],
  [['portuguese', 'nigerian', 'MOTH'], 0.7],
  [['irish', 'latin', 'MOTH'], 0.8],
]);

/** A first name for a child or adult of `heritage`. */
export function firstName(random: Random, h: Heritage, sex: 'M' | 'F'): string {
  return random.pick(sex === 'F' ? h.girls : h.boys);
}

/** A surname in the form a person of `sex` carries it. */
export function surnameFor(h: Heritage, base: string, sex: 'M' | 'F' | 'U'): string {
  return sex === 'F' && h.feminine ? h.feminine(base) : base;
}

/** Street names and kinds for fictional addresses in the borough. */
export const STREETS = words('Alder, Beacon, Birchfield, Bramble, Cedar, Chestnut, Coleridge, Dunmore, Elmhurst, Fernside, Garnet, Hawthorn, Hollybrook, Juniper, Kestrel, Larkspur, Marlow, Mayfield, Northbridge, Oakdene, Orchard, Pelham, Quarry, Rosebank, Rowan, Saxon, Sycamore, Thornbury, Tiverton, Westbury, Willowfield, Wyvern, Ashgrove, Bellhaven, Brookfield, Clover, Damson, Eastfield, Foxglove, Greenway, Heathcote, Ivydale, Linden, Meadowbank, Nightingale, Primrose, Redwood, Sorrel, Tamarind, Vicarage');
export const STREET_KINDS = words('Road, Road, Street, Avenue, Grove, Close, Gardens, Terrace, Way, Lane, Crescent');
export const BLOCKS = words('Alder House, Beacon Court, Cedar Tower, Fernside House, Hawthorn Court, Juniper House, Kestrel Court, Marlow House, Rowan Court, Saxon House, Tiverton Tower, Willow Court');

/** Postcode districts of the borough, weighted towards the east where need is greater. */
export const HOME_DISTRICTS = new Weighted<string>([
  ['N17', 26], ['N15', 24], ['N22', 14], ['N4', 10], ['N8', 9], ['N11', 6], ['N10', 4], ['N6', 2], ['N2', 2], ['N13', 3],
]);

/** Districts where placements outside the borough are (neighbouring boroughs and the home counties). */
export const PLACEMENT_DISTRICTS = new Weighted<string>([
  ['N9', 4], ['N18', 4], ['EN1', 3], ['EN3', 4], ['EN5', 2], ['E4', 3], ['E17', 4], ['E10', 2], ['IG1', 2], ['RM7', 3],
  ['SS14', 2], ['CM20', 2], ['SG1', 2], ['LU4', 2], ['MK9', 1], ['ME7', 2], ['CT9', 1], ['BN3', 1], ['NG7', 1], ['B23', 1],
  ['NW9', 2], ['HA8', 2], ['WD18', 1], ['AL1', 1], ['TN34', 1],
]);

/** Letters a postcode's unit can use (the inward code never uses C I K M O V). */
const UNIT_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ'];

/** A fictional postcode in `district`, such as "N17 6QX". */
export function postcodeIn(random: Random, district: string): string {
  return `${district} ${random.int(0, 9)}${random.pick(UNIT_LETTERS)}${random.pick(UNIT_LETTERS)}`;
}
