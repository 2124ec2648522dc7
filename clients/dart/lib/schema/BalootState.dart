// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'BalootSeat.dart';
import 'TrickState.dart';
import 'TableState.dart';

final class BalootState extends TableState {
  BalootState(super.handle);

  ArraySchema<BalootSeat> get seats => arrayOf('seats', BalootSeat.new);
  String get phase => view.getString('phase') ?? '';
  double get handNo => view['handNo'];
  double get dealer => view['dealer'];
  double get team0Score => view['team0Score'];
  double get team1Score => view['team1Score'];
  double get targetScore => view['targetScore'];
  String get profile => view.getString('profile') ?? '';
  double get toAct => view['toAct'];
  String get faceUp => view.getString('faceUp') ?? '';
  double get biddingRound => view['biddingRound'];
  String get biddingMode => view.getString('biddingMode') ?? '';
  String get bids => view.getString('bids') ?? '';
  double get hokumBidder => view['hokumBidder'];
  String get hokumSuit => view.getString('hokumSuit') ?? '';
  double get sunBidder => view['sunBidder'];
  String get contract => view.getString('contract') ?? '';
  String get trump => view.getString('trump') ?? '';
  double get buyer => view['buyer'];
  bool get ashkal => view.getBool('ashkal');
  double get faceUpTo => view['faceUpTo'];
  double get doublingLevel => view['doublingLevel'];
  bool get gahwa => view.getBool('gahwa');
  bool get closed => view.getBool('closed');
  double get doubler => view['doubler'];
  double get lastRaiser => view['lastRaiser'];
  String get doublingStep => view.getString('doublingStep') ?? '';
  String get raises => view.getString('raises') ?? '';
  double get trickNo => view['trickNo'];
  TrickState? get trick => refOf('trick', TrickState.new);
  TrickState? get lastTrick => refOf('lastTrick', TrickState.new);
  double get team0Tricks => view['team0Tricks'];
  double get team1Tricks => view['team1Tricks'];
  double get team0CardPoints => view['team0CardPoints'];
  double get team1CardPoints => view['team1CardPoints'];
  double get undealt => view['undealt'];
  double get lastTrickBonus => view['lastTrickBonus'];
  double get lastTrickBonusTeam => view['lastTrickBonusTeam'];
  String get declaredProjects => view.getString('declaredProjects') ?? '';
  bool get projectsRevealed => view.getBool('projectsRevealed');
  String get revealedProjects => view.getString('revealedProjects') ?? '';
  double get projectWinnerTeam => view['projectWinnerTeam'];
  double get balootBy => view['balootBy'];
}
